import { MemoryTransport } from "../../lib/runtime/memory-transport.js";
import { Node } from "../../lib/runtime/node.js";
import { GatedClock } from "./gated-clock.js";
import type { VirtualClock } from "../../lib/runtime/virtual-clock.js";
import { deriveSeed, seededRng } from "../model/random.js";
import type { NetMessage, Network } from "../network/network.js";
import type { Cluster } from "../run/cluster.js";
import { keepLast, OutputRouter } from "../run/output-router.js";
import type { OutputStopped } from "../run/output-stopped.js";
import { jsonText } from "../model/json-text.js";

/** How a node program installs itself on a Node: handlers, init hooks, timers. */
export type InstallNode = (node: Node, args: readonly string[]) => void;

export interface SimClusterOptions {
  ids: readonly string[];
  clock: VirtualClock;
  network: Network;
  install: InstallNode;
  /** JSON.stringify of a message; a host may give one that remembers the text it made for the journal (MessageText). */
  messageText?: (m: NetMessage) => string;
  /** The program's arguments (Maelstrom's bin args). */
  args: readonly string[];
  /** The run's seed: each node's randomness is derived from it and its id. */
  seed: number;
  /** Where a node's log lines go (the process host's stderr, node-logs/<id>.log). */
  log: (id: string, line: string) => void;
  /** Where a node's log is, for crash messages. */
  logPath: (id: string) => string;
  /** ms since the run started, for OutputStopped.at */
  now: () => number;
  /** Called once per node if the host stops routing its output, as Maelstrom would. */
  onOutputStopped: (s: OutputStopped) => void;
}

/** How many of a node's last log lines a crash message shows, as for a process's stderr. */
const KEEP_LOG_LINES = 10;

/** One instance of the program for a node: what a process is to the process host. A kill drops it; a restart makes a new one. */
interface Instance {
  node: Node;
  transport: MemoryTransport;
  /** Its view of the shared clock: paused and killed with it. */
  clock: GatedClock;
  running: Promise<void> | undefined;
}

/** One hosted node: its current instance, whether it runs, and its output routing (kept across restarts). */
interface Hosted {
  id: string;
  instance: Instance;
  /** How many times it was started: its instances' randomness differs from one start to the next. */
  starts: number;
  state: "new" | "running" | "paused" | "killed" | "stopped" | "failed";
  /** Why it failed to start (its program's install threw). */
  failure: string | undefined;
  /** Lines delivered while it was paused, to read when it resumes, in order. */
  heldInput: string[];
  lastLog: string[];
  /** Routes its output lines onto the network, until bad output. */
  router: OutputRouter;
}

/**
 * N instances of one node program in this process, on one virtual clock: the
 * simulation host's Cluster, its counterpart of node processes. Each node has
 * a MemoryTransport. What it writes is read as the process host reads a
 * node's stdout (Java's line ends, the 16 MiB limit, parseNodeOutput, and bad
 * output stops routing for the rest of the run) and sent on the Network; what
 * the Network delivers goes in as one JSON line, `{"id","src","dest","body"}`,
 * as on a node's stdin, never within the sender's call. So messages cross as
 * text: two nodes never share an object, and what JSON cannot carry fails
 * here as it would between processes.
 */
export class SimCluster implements Cluster {
  readonly nodes: readonly string[];
  readonly #o: SimClusterOptions;
  readonly #hosted = new Map<string, Hosted>();

  constructor(opts: SimClusterOptions) {
    this.#o = opts;
    this.nodes = [...opts.ids];
    for (const id of opts.ids) this.#hosted.set(id, this.#create(id));
  }

  /** The hosted Node (its current instance), for tests that look inside. */
  node(id: string): Node {
    return this.#get(id).instance.node;
  }

  /**
   * Installs the program on the node, puts it on the network and starts it
   * reading. If the program's install throws, the node is not alive, and the
   * crash message says why (as a process that exits at start-up). After a
   * kill, starts a new instance under the same id: a fresh Node with nothing
   * of the old one's state, timers or pending RPCs.
   */
  start(id: string): void {
    const h = this.#get(id);
    if (h.state !== "new" && h.state !== "killed") throw new Error(`node ${id} is ${h.state}; only a new or killed node can be started`);
    if (h.starts > 0) h.instance = this.#instance(h);
    h.starts++;
    try {
      this.#o.install(h.instance.node, this.#o.args);
    } catch (e) {
      h.state = "failed";
      h.failure = e instanceof Error ? e.message : String(e);
      this.#keepLog(h, `[${id}] the program failed to install: ${h.failure}`);
      return;
    }
    if (h.starts === 1) this.#o.network.register(id, { deliver: (m) => this.#deliver(h, m) });
    h.instance.running = h.instance.node.run();
    h.state = "running";
  }

  async kill(id: string): Promise<void> {
    const h = this.#get(id);
    if (h.state !== "running" && h.state !== "paused") return;
    // Dropped where it stands: no timer of it fires again, nothing it still writes is read, what waits for it is lost.
    h.instance.clock.kill();
    h.heldInput = [];
    h.state = "killed";
  }

  killed(id: string): boolean {
    return this.#get(id).state === "killed";
  }

  pause(id: string): void {
    const h = this.#get(id);
    if (h.state !== "running") return;
    h.instance.clock.pause();
    h.state = "paused";
  }

  resume(id: string): void {
    const h = this.#get(id);
    if (h.state !== "paused") return;
    h.state = "running";
    h.instance.clock.resume();
    const held = h.heldInput;
    h.heldInput = [];
    for (const line of held) this.#push(h, h.instance, line);
  }

  paused(id: string): boolean {
    return this.#get(id).state === "paused";
  }

  alive(id: string): boolean {
    const st = this.#get(id).state;
    return st === "running" || st === "paused";
  }

  outputStopped(id: string): Promise<OutputStopped> {
    return this.#get(id).router.whenStopped;
  }

  /** Closes the node's input, as EOF on stdin: it stops its timers and RPCs and flushes; what it wrote until then is routed. */
  async stop(id: string): Promise<void> {
    const h = this.#get(id);
    if (h.state === "paused") this.resume(id);
    if (h.state !== "running") {
      if (h.state === "new" || h.state === "killed") h.state = "stopped";
      return;
    }
    h.state = "stopped";
    h.instance.transport.end();
    await h.instance.running;
  }

  crashReport(id: string, when: string): string {
    const h = this.#get(id);
    const what =
      h.state === "failed"
        ? `could not start${h.starts > 1 ? " again after it was killed" : ""}: its program's install threw: ${h.failure}`
        : h.state === "new"
          ? "was never started"
          : h.state === "killed"
            ? `was killed by the nemesis and not started again ${when}`
            : `was stopped ${when}`;
    return `node ${id} ${what}.` + this.#lastWords(h) + `\nIts log: ${this.#o.logPath(id)}`;
  }

  initFailure(id: string, cause: Error): string {
    const h = this.#get(id);
    const s = h.router.stopped;
    const why = s
      ? `before it answered, it wrote a line that Maelstrom cannot route, so (as Maelstrom does) the host stopped routing its output and no answer could arrive.\n  why:  ${s.reason}\n  line: ${s.line}`
      : h.state === "failed"
        ? `its program's install threw: ${h.failure}.`
        : `${cause.message}.`;
    return `node ${id} did not answer init: ${why}` + this.#lastWords(h) + `\nIts log: ${this.#o.logPath(id)}`;
  }

  #create(id: string): Hosted {
    const router = new OutputRouter({ node: id, network: this.#o.network, now: this.#o.now, onStopped: this.#o.onOutputStopped });
    const h: Hosted = { id, instance: undefined as unknown as Instance, starts: 0, state: "new", failure: undefined, heldInput: [], lastLog: [], router };
    h.instance = this.#instance(h);
    return h;
  }

  /** A new instance for the node's next start: its own Node, transport and gated clock. */
  #instance(h: Hosted): Instance {
    const id = h.id;
    // The cluster only listens: a transport that kept every line would hold every message of the run.
    const transport = new MemoryTransport({ keepOutput: false });
    const clock = new GatedClock(this.#o.clock);
    // The first instance keeps the stream it always had; each restart gets its own.
    const rng = seededRng(deriveSeed(this.#o.seed, h.starts === 0 ? `node-${id}` : `node-${id} start ${h.starts + 1}`));
    const node = new Node({
      transport,
      clock,
      random: rng.next,
      logWrite: (l) => {
        // A killed instance's continuations may still log; a dead process writes nothing.
        if (clock.state === "killed") return;
        this.#keepLog(h, l);
        this.#o.log(id, l);
      },
    });
    const inst: Instance = { node, transport, clock, running: undefined };
    // What a killed instance still writes (from continuations already queued) goes nowhere, as from a dead process.
    transport.onOutput((text) => {
      if (h.instance === inst && clock.state !== "killed") this.#onOutput(h, text);
    });
    return inst;
  }

  #get(id: string): Hosted {
    const h = this.#hosted.get(id);
    if (!h) throw new Error(`${id} is not a node of this cluster (${this.nodes.join(", ")})`);
    return h;
  }

  #keepLog(h: Hosted, line: string): void {
    keepLast(h.lastLog, KEEP_LOG_LINES, line.replace(/\n$/, ""));
  }

  #lastWords(h: Hosted): string {
    return h.lastLog.length ? `\nLast log lines of ${h.id}:\n  ${h.lastLog.join("\n  ")}` : `\n${h.id} wrote nothing to its log.`;
  }

  #deliver(h: Hosted, m: NetMessage): void {
    if (h.state !== "running" && h.state !== "paused") return;
    // The process host's stdin line, byte for byte (a BigInt as its digits). jsonText throws on what JSON cannot
    // carry (a cycle), to the sender, as NodeProcess.deliver does.
    // jsonText(m) is that line: the keys are id, src, dest, body, in that order.
    const line = this.#o.messageText ? this.#o.messageText(m) : `{"id":${m.id},"src":${JSON.stringify(m.src)},"dest":${JSON.stringify(m.dest)},"body":${jsonText(m.body)}}`;
    if (h.state === "paused") h.heldInput.push(line);
    else this.#push(h, h.instance, line);
  }

  /** Gives a line to the instance's stdin, never inside the sender's call (a pipe is never synchronous): once the sender's turn is over. */
  #push(h: Hosted, inst: Instance, line: string): void {
    queueMicrotask(() => {
      if (h.instance !== inst) return;
      if (h.state === "running") inst.transport.push(line);
      else if (h.state === "paused") h.heldInput.push(line);
    });
  }

  #onOutput(h: Hosted, text: string): void {
    // A node's stdout is read as Java's readLine reads it: a line ends at \n, \r or \r\n.
    const lines = text.includes("\n") || text.includes("\r") ? text.split(/\r\n|\r|\n/) : [text];
    for (const line of lines) h.router.line(line);
  }
}
