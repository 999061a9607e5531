import type { ChildProcess } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import { LineSplitter } from "../../lib/runtime/line-splitter.js";
import type { Endpoint, NetMessage, Network } from "../network/network.js";
import { parseNodeOutput } from "./parse-node-output.js";
import { spawnNode } from "./spawn-node.js";
import type { OutputStopped } from "../run/output-stopped.js";

export type { OutputStopped } from "../run/output-stopped.js";

const KEEP_LINES = 32;

/**
 * The longest stdout line the harness takes from a node: 16 MiB, far above any
 * reply a Maelstrom workload asks for (a broadcast read of 2 million values).
 * A longer one is bad output (its routing stops, as after any line Maelstrom
 * cannot route), and only its first KEPT_LINE_CHARS are kept. The limit is
 * ours: Maelstrom has none (Jackson's only cap is 20,000,000 characters per string).
 */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/** How much of a line the harness keeps to show (last lines, bad output): 1 KB. */
export const KEPT_LINE_CHARS = 1024;

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
  /** ms since the run started */
  now: () => number;
  /** Called if the node's log file cannot be opened or written (e.g. EMFILE: out of file descriptors). */
  onLogError?: (e: Error) => void;
}

/**
 * One node: a child process started as Maelstrom starts it (absolute binary
 * path, temp dir as working directory, environment inherited). Delivered
 * messages go to its stdin as `{"id","src","dest","body"}` lines; its stdout
 * lines go onto the network; its stderr goes to node-logs/<id>.log.
 */
export class NodeProcess implements Endpoint {
  readonly id: string;
  readonly lastStdout: string[] = [];
  readonly lastStderr: string[] = [];
  exitCode: number | null = null;
  exitSignal: NodeJS.Signals | null = null;
  spawnError: Error | undefined;
  outputStopped: OutputStopped | undefined;
  /** Resolves when the harness stops routing this node's output (never, for a node that behaves). */
  readonly whenOutputStopped: Promise<OutputStopped>;
  #resolveOutputStopped!: (s: OutputStopped) => void;
  #child: ChildProcess | undefined;
  #log: WriteStream;
  #exited = false;
  #stopping = false;
  #exitPromise: Promise<void>;
  #resolveExit!: () => void;

  constructor(readonly opts: NodeProcessOptions) {
    this.id = opts.id;
    this.#log = createWriteStream(opts.logPath);
    this.#log.on("error", (e) => this.opts.onLogError?.(e));
    this.#exitPromise = new Promise((r) => (this.#resolveExit = r));
    this.whenOutputStopped = new Promise((r) => (this.#resolveOutputStopped = r));
  }

  get alive(): boolean {
    return this.#child !== undefined && !this.#exited;
  }

  /**
   * Starts the process in its own process group (`detached`), so that teardown
   * can end everything it started: a wrapper script that did not `exec`, and
   * any background children. (Maelstrom kills only the process it started.)
   * It does not get the terminal's Ctrl-C: the harness ends it instead.
   */
  start(): void {
    const { child } = spawnNode(this.opts.bin, this.opts.args);
    this.#child = child;
    child.on("error", (e) => {
      this.spawnError = e;
      this.#markExited();
    });
    child.on("exit", (code, signal) => {
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
      onLine: (line) => this.#onStdout(line),
      onTooLong: (head, bytes) => this.#onTooLong(head, bytes),
    });
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stdout.on("end", () => out.end());
    // stderr goes to the log as it comes (with the log file's backpressure); of each line, the
    // harness holds at most its first KEPT_LINE_CHARS bytes, to keep and to show.
    child.stderr.pipe(this.#log, { end: false });
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

  deliver(msg: NetMessage): void {
    const stdin = this.#child?.stdin;
    if (!this.alive || !stdin) return; // no stdin: spawn failed, and its 'error' is on its way
    stdin.write(`{"id":${msg.id},"src":${JSON.stringify(msg.src)},"dest":${JSON.stringify(msg.dest)},"body":${JSON.stringify(msg.body)}}\n`);
  }

  /**
   * SIGKILL to the whole process group, as Maelstrom's teardown (which kills
   * only the process); waits up to 5 s for the process to go and for its
   * stdout to end: lines it wrote before it was killed are still routed (and
   * journaled), as Maelstrom's stdout reader goes on reading them.
   */
  async kill(): Promise<void> {
    this.killNow();
    const out = this.#child?.stdout;
    const drained = out && !out.closed && !this.outputStopped ? Promise.race([new Promise((r) => out.once("close", r)), this.whenOutputStopped]) : undefined;
    await Promise.race([Promise.all([this.#exitPromise, drained]), new Promise((r) => setTimeout(r, 5000).unref())]);
    this.#child?.stderr?.unpipe(this.#log);
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
    if (!this.#stopping) this.opts.onExit(this);
  }

  #onStderr(line: string, bytes?: number): void {
    keep(this.lastStderr, line, bytes);
    this.opts.echoStderr?.(clipLine(line, bytes));
  }

  #onTooLong(head: string, bytes: number): void {
    keep(this.lastStdout, head, bytes);
    if (this.outputStopped) return;
    this.#stop(head, `the line is ${bytes} bytes long, more than the harness takes (${MAX_LINE_BYTES} bytes, 16 MiB; a limit of this harness, Maelstrom has none)`, bytes);
  }

  #onStdout(line: string): void {
    keep(this.lastStdout, line);
    if (this.outputStopped) return;
    const parsed = parseNodeOutput(line);
    if (!parsed.ok) return this.#stop(line, parsed.reason);
    try {
      this.opts.network.send(parsed.src, parsed.dest, parsed.body);
    } catch (e) {
      this.#stop(line, (e as Error).message);
    }
  }

  /** Maelstrom stops reading a node's stdout after bad output; so do we. */
  #stop(line: string, reason: string, bytes = Buffer.byteLength(line)): void {
    this.outputStopped = { node: this.id, line: clipLine(line, bytes), lineLength: bytes, reason, at: this.opts.now() };
    this.#child?.stdout?.pause();
    this.#resolveOutputStopped(this.outputStopped);
    this.opts.onOutputStopped(this.outputStopped);
  }
}

/** Keeps the last KEEP_LINES lines, each clipped to KEPT_LINE_CHARS. */
function keep(buf: string[], line: string, bytes?: number): void {
  buf.push(clipLine(line, bytes));
  if (buf.length > KEEP_LINES) buf.shift();
}

/** The line, or its first KEPT_LINE_CHARS characters and its length in bytes. */
function clipLine(line: string, bytes?: number): string {
  if (bytes === undefined && line.length <= KEPT_LINE_CHARS) return line;
  const length = bytes ?? Buffer.byteLength(line);
  // A head handed over with its whole line's length (bytes) is shown as clipped even when it is short.
  const whole = line.length <= KEPT_LINE_CHARS && length === Buffer.byteLength(line);
  return whole ? line : `${line.slice(0, KEPT_LINE_CHARS)}… (${length} bytes)`;
}

function tooManyFiles(e: Error): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === "EMFILE" || code === "ENFILE";
}
