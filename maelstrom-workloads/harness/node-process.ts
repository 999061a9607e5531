import type { ChildProcess } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import { Transform } from "node:stream";
import { LineSplitter } from "../../lib/runtime/line-splitter.js";
import type { Endpoint, NetMessage, Network } from "../network/network.js";
import { clipLine, KEPT_LINE_CHARS, keepLast, MAX_LINE_BYTES, OutputRouter } from "../run/output-router.js";
import type { OutputStopped } from "../run/output-stopped.js";
import { NodeLogStamp } from "../run/node-log-stamp.js";
import { spawnNode } from "./spawn-node.js";
import { jsonText } from "../model/json-text.js";


const KEEP_LINES = 32;

export interface NodeProcessOptions {
  id: string;
  bin: string;
  args: readonly string[];
  network: Network;
  logPath: string;
  /** Also show each stderr line here (Maelstrom's --log-stderr). */
  echoStderr?: (line: string) => void;
  /** Called once if the harness stops routing this node's output. */
  onOutputStopped: (s: OutputStopped) => void;
  /** Called once if the process exits while the run still needs it. */
  onExit: (node: NodeProcess) => void;
  /** ms since the run started, on the journal's clock: each log line starts with it. */
  now: () => number;
  /** Called if the node's log file cannot be opened or written (e.g. EMFILE: out of file descriptors). */
  onLogError?: (e: Error) => void;
}

/**
 * One node: a child process started as Maelstrom starts it (absolute binary
 * path, temp dir as working directory, environment inherited). Delivered
 * messages go to its stdin as `{"id","src","dest","body"}` lines; its stdout
 * lines go onto the network; its stderr goes to node-logs/<id>.log, each
 * line after the time it came (NodeLogStamp).
 */
export class NodeProcess implements Endpoint {
  readonly id: string;
  readonly lastStderr: string[] = [];
  exitCode: number | null = null;
  exitSignal: NodeJS.Signals | null = null;
  spawnError: Error | undefined;
  /** Routes its stdout lines onto the network; stops (and pauses stdout) at bad output. */
  readonly #router: OutputRouter;
  #child: ChildProcess | undefined;
  #log: WriteStream;
  /** The current process's stderr with each line's time before it, piped into #log. */
  #stampedStderr: Transform | undefined;
  #exited = false;
  #stopping = false;
  /** Set from the nemesis's kill until the process is started again: its exit is expected. */
  #killedByNemesis = false;
  /** Every process of this node the nemesis killed (an old one's stdout may end after its successor started). */
  readonly #nemesisKilled = new WeakSet<ChildProcess>();
  #paused = false;
  #exitPromise: Promise<void>;
  #resolveExit!: () => void;

  constructor(readonly opts: NodeProcessOptions) {
    this.id = opts.id;
    this.#log = createWriteStream(opts.logPath);
    this.#log.on("error", (e) => this.opts.onLogError?.(e));
    this.#exitPromise = new Promise((r) => (this.#resolveExit = r));
    this.#router = new OutputRouter({
      node: opts.id,
      network: opts.network,
      now: opts.now,
      // Maelstrom stops reading a node's stdout after bad output; so do we.
      onStopped: (s) => {
        this.#child?.stdout?.pause();
        this.opts.onOutputStopped(s);
      },
    });
  }

  /** The last stdout lines, each clipped to KEPT_LINE_CHARS. */
  get lastStdout(): readonly string[] {
    return this.#router.lastLines;
  }

  get outputStopped(): OutputStopped | undefined {
    return this.#router.stopped;
  }

  /** Resolves when the harness stops routing this node's output (never, for a node that behaves). */
  get whenOutputStopped(): Promise<OutputStopped> {
    return this.#router.whenStopped;
  }

  get alive(): boolean {
    return this.#child !== undefined && !this.#exited;
  }

  /** The current process's pid (the leader of its process group). */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** True from the nemesis's kill until the node is started again. */
  get killedByNemesis(): boolean {
    return this.#killedByNemesis;
  }

  get paused(): boolean {
    return this.#paused;
  }

  /**
   * Starts the process in its own process group (`detached`), so that teardown
   * can end everything it started: a wrapper script that did not `exec`, and
   * any background children. (Maelstrom kills only the process it started.)
   * It does not get the terminal's Ctrl-C: the harness ends it instead.
   */
  start(): void {
    if (this.alive) throw new Error(`node ${this.id} is already running`);
    if (this.#child) {
      // Started again after the nemesis killed it: a new process, with a new exit to wait for.
      this.#exited = false;
      this.#killedByNemesis = false;
      this.#paused = false;
      this.exitCode = null;
      this.exitSignal = null;
      this.spawnError = undefined;
      this.#exitPromise = new Promise((r) => (this.#resolveExit = r));
    }
    const { child } = spawnNode(this.opts.bin, this.opts.args);
    this.#child = child;
    this.#stampedStderr = undefined;
    // Only this process's end counts: a killed one's exit may come after its successor started.
    child.on("error", (e) => {
      if (this.#child !== child) return;
      this.spawnError = e;
      this.#markExited();
    });
    child.on("exit", (code, signal) => {
      if (this.#child !== child) return;
      this.exitCode = code;
      this.exitSignal = signal;
      this.#markExited();
    });
    // Out of file descriptors (EMFILE), spawn reports an 'error' and gives no pipes.
    if (!child.stdin || !child.stdout || !child.stderr) return;
    // Stream errors (writes after the process died, a read that failed): the exit handler reports the process's end.
    for (const s of [child.stdin, child.stdout, child.stderr]) s.on("error", () => {});
    // Read as Maelstrom's BufferedReader.readLine does (a line ends at \n, \r or \r\n), holding at most MAX_LINE_BYTES of a line.
    const out = new LineSplitter({
      lineEnds: "java",
      maxLineBytes: MAX_LINE_BYTES,
      headBytes: KEPT_LINE_CHARS,
      onLine: (line) => this.#router.line(line),
      onTooLong: (head, bytes) => this.#router.tooLong(head, bytes),
    });
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    // A process the nemesis killed may have been cut off in the middle of a line: its complete lines
    // were routed as they came, and the unfinished tail is dropped, not read as (bad) output.
    child.stdout.on("end", () => {
      if (!this.#nemesisKilled.has(child)) out.end();
    });
    // stderr goes to the log as it comes, each line after its time (with the log file's backpressure,
    // through the pipes); of each line, the harness holds at most its first KEPT_LINE_CHARS bytes, to keep and to show.
    const stamp = new NodeLogStamp(this.opts.now);
    const stamped = new Transform({
      transform: (chunk: Buffer, _enc, done) => done(null, stamp.bytes(chunk)),
      flush(done) {
        const nl = stamp.end();
        if (nl) this.push(nl);
        done();
      },
    });
    this.#stampedStderr = stamped;
    // A pipe that failed does not end: end the log's side, so its last line is ended and kill() need not wait for it.
    child.stderr.on("error", () => stamped.end());
    child.stderr.pipe(stamped).pipe(this.#log, { end: false });
    const err = new LineSplitter({
      lineEnds: "lf-strip-cr",
      maxLineBytes: KEPT_LINE_CHARS,
      headBytes: KEPT_LINE_CHARS,
      onLine: (line) => this.#onStderr(line),
      onTooLong: (head, bytes) => this.#onStderr(head, bytes),
    });
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.stderr.on("end", () => err.end());
  }

  /**
   * The nemesis's kill: SIGKILL to the process group, an expected end (not a
   * crash). Resolves once the process has exited. Lines it wrote before it
   * died are still routed, as Maelstrom's reader reads a dead process's pipe.
   */
  async nemesisKill(): Promise<void> {
    if (!this.alive) return;
    this.#killedByNemesis = true;
    if (this.#child) this.#nemesisKilled.add(this.#child);
    this.#paused = false;
    this.#signal("SIGKILL");
    await this.#exitPromise;
  }

  /** SIGSTOP to the process group: it runs nothing, reads nothing; what is written to its stdin waits in the pipe. */
  pause(): void {
    if (!this.alive || this.#paused) return;
    this.#paused = true;
    this.#signal("SIGSTOP");
  }

  /** SIGCONT to the process group. */
  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    if (this.alive) this.#signal("SIGCONT");
  }

  #signal(sig: NodeJS.Signals): void {
    const pid = this.#child?.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, sig);
    } catch {
      // ESRCH: the group is already gone; its exit is on its way.
    }
  }

  deliver(msg: NetMessage): void {
    const stdin = this.#child?.stdin;
    if (!this.alive || !stdin) return; // no stdin: spawn failed, and its 'error' is on its way
    stdin.write(`{"id":${msg.id},"src":${JSON.stringify(msg.src)},"dest":${JSON.stringify(msg.dest)},"body":${jsonText(msg.body)}}\n`);
  }

  /**
   * SIGKILL to the whole process group, as Maelstrom's teardown (which kills
   * only the process); waits up to 5 s for the process to go and for its
   * stdout and stderr to end: lines it wrote before it was killed are still
   * routed (and journaled), as Maelstrom's stdout reader goes on reading
   * them, and its last stderr is in the log.
   */
  async kill(): Promise<void> {
    this.killNow();
    const out = this.#child?.stdout;
    const drained = out && !out.closed && !this.outputStopped ? Promise.race([new Promise((r) => out.once("close", r)), this.whenOutputStopped]) : undefined;
    // A log that failed (EMFILE, disk full) takes no more: then stderr never drains into it, and nothing is waited for.
    const err = this.#stampedStderr;
    const log = this.#log;
    const logged = err && !err.readableEnded && !log.destroyed ? new Promise<void>((r) => (err.once("end", () => r()), log.once("close", () => r()))) : undefined;
    await Promise.race([Promise.all([this.#exitPromise, drained, logged]), new Promise((r) => setTimeout(r, 5000).unref())]);
    err?.unpipe(this.#log);
    await new Promise<void>((r) => this.#log.end(r));
  }

  /**
   * SIGKILL to the process group at once, synchronously (safe in a process
   * 'exit' handler). The group may outlive the process it was named after, so
   * this is sent even when that process has already exited.
   */
  killNow(): void {
    this.#stopping = true;
    const pid = this.#child?.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // ESRCH: the group is already empty.
    }
  }

  /** A person-readable account of how the process ended. */
  describeExit(): string {
    if (this.spawnError) return `could not be started: ${this.spawnError.message}${tooManyFiles(this.spawnError) ? " (the harness ran out of file descriptors: raise the limit with ulimit -n, or use fewer nodes)" : ""}`;
    if (this.exitSignal) return `was killed by signal ${this.exitSignal}`;
    return `exited with status ${this.exitCode}`;
  }

  #markExited(): void {
    if (this.#exited) return;
    this.#exited = true;
    this.#resolveExit();
    if (!this.#stopping && !this.#killedByNemesis) this.opts.onExit(this);
  }

  #onStderr(line: string, bytes?: number): void {
    keepLast(this.lastStderr, KEEP_LINES, line, bytes);
    this.opts.echoStderr?.(clipLine(line, bytes));
  }
}

function tooManyFiles(e: Error): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === "EMFILE" || code === "ENFILE";
}
