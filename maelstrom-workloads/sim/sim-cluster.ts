import { MemoryTransport } from "../../lib/runtime/memory-transport.js";
import { Node } from "../../lib/runtime/node.js";
import type { VirtualClock } from "../../lib/runtime/virtual-clock.js";
import { deriveSeed, seededRng } from "../model/random.js";
import type { NetMessage, Network } from "../network/network.js";
import type { Cluster } from "../run/cluster.js";
import { keepLast, OutputRouter } from "../run/output-router.js";
import type { OutputStopped } from "../run/output-stopped.js";

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

/** One hosted node: its Node, its in-memory stdin/stdout, and whether its output is still routed. */
interface Hosted {
  id: string;
  node: Node;
  transport: MemoryTransport;
  state: "new" | "running" | "stopped" | "failed";
  /** Why it failed to start (its program's install threw). */
  failure: string | undefined;
  running: Promise<void> | undefined;
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

  /** The hosted Node, for tests that look inside. */
  node(id: string): Node {
    return this.#get(id).node;
  }

  /**
   * Installs the program on the node, puts it on the network and starts it
   * reading. If the program's install throws, the node is not alive, and the
   * crash message says why (as a process that exits at start-up).
   */
  start(id: string): void {
    const h = this.#get(id);
    if (h.state !== "new") throw new Error(`node ${id} was already started; the simulation host cannot restart a node yet`);
    try {
      this.#o.install(h.node, this.#o.args);
    } catch (e) {
      h.state = "failed";
      h.failure = e instanceof Error ? e.message : String(e);
      this.#keepLog(h, `[${id}] the program failed to install: ${h.failure}`);
      return;
    }
    this.#o.network.register(id, { deliver: (m) => this.#deliver(h, m) });
    h.running = h.node.run();
    h.state = "running";
  }

  alive(id: string): boolean {
    return this.#get(id).state === "running";
  }

  outputStopped(id: string): Promise<OutputStopped> {
    return this.#get(id).router.whenStopped;
  }

  /** Closes the node's input, as EOF on stdin: it stops its timers and RPCs and flushes; what it wrote until then is routed. */
  async stop(id: string): Promise<void> {
    const h = this.#get(id);
    if (h.state !== "running") {
      if (h.state === "new") h.state = "stopped";
      return;
    }
    h.state = "stopped";
    h.transport.end();
    await h.running;
  }

  crashReport(id: string, when: string): string {
    const h = this.#get(id);
    const what = h.state === "failed" ? `could not start: its program's install threw: ${h.failure}` : h.state === "new" ? "was never started" : `was stopped ${when}`;
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
    // The cluster only listens: a transport that kept every line would hold every message of the run.
    const transport = new MemoryTransport({ keepOutput: false });
    const rng = seededRng(deriveSeed(this.#o.seed, `node-${id}`));
    let h!: Hosted;
    const node = new Node({
      transport,
      clock: this.#o.clock,
      random: rng.next,
      logWrite: (l) => {
        this.#keepLog(h, l);
        this.#o.log(id, l);
      },
    });
    const router = new OutputRouter({ node: id, network: this.#o.network, now: this.#o.now, onStopped: this.#o.onOutputStopped });
    h = { id, node, transport, state: "new", failure: undefined, running: undefined, lastLog: [], router };
    transport.onOutput((text) => this.#onOutput(h, text));
    return h;
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
    // The process host's stdin line, byte for byte. JSON.stringify throws on what JSON cannot carry (a BigInt),
    // to the sender, as NodeProcess.deliver does.
    // JSON.stringify(m) is that line: the keys are id, src, dest, body, in that order.
    const line = this.#o.messageText ? this.#o.messageText(m) : `{"id":${m.id},"src":${JSON.stringify(m.src)},"dest":${JSON.stringify(m.dest)},"body":${JSON.stringify(m.body)}}`;
    // Never inside the sender's call (a pipe is never synchronous): the node reads it once the sender's turn is over.
    queueMicrotask(() => {
      if (h.state === "running") h.transport.push(line);
    });
  }

  #onOutput(h: Hosted, text: string): void {
    // A node's stdout is read as Java's readLine reads it: a line ends at \n, \r or \r\n.
    const lines = text.includes("\n") || text.includes("\r") ? text.split(/\r\n|\r|\n/) : [text];
    for (const line of lines) h.router.line(line);
  }
}
