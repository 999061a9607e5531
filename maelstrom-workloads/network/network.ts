import type { Clock, Timer } from "../../lib/runtime/clock.js";
import { type DropWhy, isClient, type JournalEvent } from "../model/journal-event.js";
import { MinHeap } from "./min-heap.js";

/** A message as the network carries it: Maelstrom's envelope plus its network-wide id. */
export interface NetMessage {
  id: number;
  src: string;
  dest: string;
  body: Record<string, unknown>;
}

/** Anything that can receive messages: a node process, a client, a service. */
export interface Endpoint {
  deliver(msg: NetMessage): void;
}

/** Thrown by `send` when src or dest is not registered, as Maelstrom's assertion. */
export class UnknownNodeError extends Error {
  constructor(readonly which: "src" | "dest", readonly nodeId: string) {
    super(`Invalid ${which} for message: ${JSON.stringify(nodeId)} is not a node, client or service on the network`);
    this.name = "UnknownNodeError";
  }
}

interface Queued {
  deadline: number;
  msg: NetMessage;
}

interface Inbox {
  /** Replaced by `up(id, endpoint)` when a restarted node comes back as a new process or instance. */
  endpoint: Endpoint;
  queue: MinHeap<Queued>;
  /** Set while the receiver waits for its head message's deadline (head-of-line blocking). */
  waiting: Timer | undefined;
}

export interface NetworkOptions {
  clock: Clock;
  /** Latency in whole ms for one server-to-server (or server-to-service) message. */
  latency: () => number;
  /** Called for every send, delivery (recv) and drop, in order. */
  journal: (event: JournalEvent) => void;
  /** Nanoseconds since the run started, for journal times. */
  nowNs: () => number;
  /** Probability in [0, 1] that a server-to-server message is lost (`--loss`); 0 by default. See setLoss. */
  loss?: number;
  /**
   * Uniform draws in [0, 1) deciding loss, e.g. seededRng(deriveSeed(seed, "loss")).next.
   * Drawn once per server-to-server message, at send time, in send order, whatever
   * the loss is (even 0), so a loss burst shifts no later draw. Needed for any loss above 0.
   */
  lossDraw?: () => number;
  /**
   * Ours, for runs that pause nodes: a message to a client that was on the
   * network and has been closed is journaled as a `send` and a `drop` with
   * why "closed", instead of throwing UnknownNodeError (which makes the host
   * stop routing the sender's output for the rest of the run, as Maelstrom
   * does). A paused node answers, when it resumes, requests whose clients
   * timed out and were replaced meanwhile; under Maelstrom's rule every pause
   * longer than the client timeout would silence the node for good. Off by
   * default: a run without pauses judges late replies exactly as Maelstrom.
   */
  dropToClosedClients?: boolean;
}

/** Why `p` cannot be a loss probability, or undefined. */
function lossProblem(p: number): string | undefined {
  return Number.isFinite(p) && p >= 0 && p <= 1 ? undefined : `expected a probability from 0 to 1, got ${p}`;
}

/**
 * Maelstrom's network model. Each receiver has a queue ordered by deadline
 * (send time plus latency; zero for anything to or from a client). A receiver
 * takes its head message, drops it if the receiver currently refuses its
 * source (partitions are checked here, at dequeue), else waits until its
 * deadline and delivers it; nothing behind it moves meanwhile.
 *
 * Beyond Maelstrom: random loss of server-to-server messages (setLoss), a
 * latency factor (setLatencyFactor), and receivers that are down (down/up).
 * Every message accepted is journaled as a `send` and then, unless the run
 * ends or its receiver leaves the network first, either a `recv` or a `drop`
 * saying why.
 */
export class Network {
  readonly #opts: NetworkOptions;
  readonly #inboxes = new Map<string, Inbox>();
  /** receiver -> sources it currently drops. */
  #grudge = new Map<string, Set<string>>();
  #nextMsgId = 0;
  #nextEventId = 0;
  /** Nodes that are down: what falls due for them is dropped, not delivered. */
  readonly #down = new Set<string>();
  #loss: number;
  #latencyFactor = 1;
  /** How late each timed delivery was against its deadline, in ms. */
  readonly lateness: number[] = [];
  /** Messages dropped so far, by why (as journaled). */
  readonly dropped: Record<DropWhy, number> = { loss: 0, partition: 0, down: 0, closed: 0 };
  /** Clients that were on the network and left it (kept only with dropToClosedClients). */
  readonly #closedClients = new Set<string>();

  constructor(opts: NetworkOptions) {
    this.#opts = opts;
    this.#loss = this.#checkedLoss(opts.loss ?? 0, "new Network: options.loss");
  }

  /** Messages a grudge refused so far (dropped.partition). */
  get droppedByPartition(): number {
    return this.dropped.partition;
  }

  /** The loss probability in force. */
  get loss(): number {
    return this.#loss;
  }

  /** The latency factor in force. */
  get latencyFactor(): number {
    return this.#latencyFactor;
  }

  /**
   * Sets the probability that each server-to-server message sent from now on is
   * lost (a loss burst, and its end). Client traffic is never lost, as in
   * Maelstrom. Messages already sent keep their fate. p may be 1 here (a burst
   * that loses everything); `--loss` itself stays below 1. Throws a RangeError
   * for anything but a number in [0, 1], and an Error for p above 0 on a
   * network built without lossDraw.
   */
  setLoss(p: number): void {
    this.#loss = this.#checkedLoss(p, `Network.setLoss(${p})`);
  }

  #checkedLoss(p: number, where: string): number {
    const problem = lossProblem(p);
    if (problem !== undefined) throw new RangeError(`${where}: ${problem}`);
    if (p > 0 && !this.#opts.lossDraw) throw new Error(`${where}: this network has no lossDraw to decide which messages are lost`);
    return p;
  }

  /**
   * Multiplies each server-to-server latency drawn from now on by f (a latency
   * fault: slower or faster links), rounded to whole ms; 1 restores the drawn
   * latencies exactly. Messages already queued keep their deadlines. The draw
   * itself is unchanged, so the latency stream stays aligned with a run
   * without the fault. Throws a RangeError unless f is a finite number >= 0.
   */
  setLatencyFactor(f: number): void {
    if (!Number.isFinite(f) || f < 0) throw new RangeError(`Network.setLatencyFactor: the factor must be a finite number >= 0, got ${f}`);
    this.#latencyFactor = f;
  }

  /**
   * Marks a node down (killed by the nemesis, until restarted). Its queue
   * works as before, but each message that falls due for it (dequeued, and
   * its deadline reached) is dropped and journaled with why "down" instead of
   * delivered; what is still queued when it comes up is delivered. It can
   * still send (a killed process's last output may still be read). Throws
   * if `id` is not on the network.
   */
  down(id: string): void {
    if (!this.#inboxes.has(id)) throw new UnknownNodeError("dest", id);
    this.#down.add(id);
  }

  /**
   * Marks a node up again (restarted). With `endpoint`, deliveries go to it
   * from now on: the restarted node is a new process or instance. Throws if
   * `id` is not on the network.
   */
  up(id: string, endpoint?: Endpoint): void {
    const inbox = this.#inboxes.get(id);
    if (!inbox) throw new UnknownNodeError("dest", id);
    this.#down.delete(id);
    if (endpoint) inbox.endpoint = endpoint;
  }

  /** Whether `id` is down. */
  isDown(id: string): boolean {
    return this.#down.has(id);
  }

  register(id: string, endpoint: Endpoint): void {
    if (this.#inboxes.has(id)) throw new Error(`${id} is already on the network`);
    this.#inboxes.set(id, { endpoint, queue: new MinHeap((a, b) => a.deadline < b.deadline || (a.deadline === b.deadline && a.msg.id < b.msg.id)), waiting: undefined });
  }

  /** Takes a node, client or service off the network; whatever was queued for it is lost. */
  unregister(id: string): void {
    const inbox = this.#inboxes.get(id);
    if (!inbox) return;
    inbox.waiting?.cancel();
    inbox.queue.clear();
    this.#inboxes.delete(id);
    this.#down.delete(id);
    if (this.#opts.dropToClosedClients && isClient(id)) this.#closedClients.add(id);
  }

  /** Takes everyone off the network and cancels every pending delivery: nothing is journaled after this. */
  shutdown(): void {
    for (const id of [...this.#inboxes.keys()]) this.unregister(id);
  }

  /**
   * Accepts a message: gives it the next id, journals it, and queues it, or,
   * for a server-to-server message the loss draw picks, journals it as dropped
   * ("loss") at once. Throws UnknownNodeError.
   */
  send(src: string, dest: string, body: Record<string, unknown>): NetMessage {
    const msg: NetMessage = { id: this.#nextMsgId++, src, dest, body };
    if (!this.#inboxes.has(src)) throw new UnknownNodeError("src", src);
    const inbox = this.#inboxes.get(dest);
    if (!inbox) {
      if (!this.#closedClients.has(dest)) throw new UnknownNodeError("dest", dest);
      this.#journal("send", msg);
      this.#drop("closed", msg);
      return msg;
    }
    const server = !isClient(src) && !isClient(dest);
    // Latency is drawn for a lost message too, so loss shifts no latency draw.
    const latency = server ? this.#scaled(this.#opts.latency()) : 0;
    const deadline = this.#opts.clock.now() + latency;
    this.#journal("send", msg);
    const lossDraw = this.#opts.lossDraw;
    if (server && lossDraw && lossDraw() < this.#loss) {
      this.#drop("loss", msg);
      return msg;
    }
    inbox.queue.push({ deadline, msg });
    this.#pump(dest, inbox);
    return msg;
  }

  /** Applies a grudge: each receiver drops messages from the listed sources. Replaces any earlier one. */
  partition(grudge: Readonly<Record<string, readonly string[]>>): void {
    this.#grudge = new Map(Object.entries(grudge).map(([dest, srcs]) => [dest, new Set(srcs)]));
  }

  heal(): void {
    this.#grudge = new Map();
  }

  /** The grudge in force, as receiver -> sources. */
  get currentGrudge(): Record<string, string[]> {
    return Object.fromEntries([...this.#grudge].filter(([, s]) => s.size > 0).map(([d, s]) => [d, [...s].sort()]));
  }

  #pump(dest: string, inbox: Inbox): void {
    const clock = this.#opts.clock;
    while (!inbox.waiting && inbox.queue.size > 0) {
      const head = inbox.queue.pop()!;
      if (this.#grudge.get(dest)?.has(head.msg.src)) {
        this.#drop("partition", head.msg);
        continue;
      }
      const wait = head.deadline - clock.now();
      if (wait <= 0) {
        this.#deliver(dest, inbox, head.msg);
        continue;
      }
      this.#waitFor(dest, inbox, head, wait);
    }
  }

  /** Sleeps until the head message's deadline, then delivers it and moves on. */
  #waitFor(dest: string, inbox: Inbox, head: Queued, wait: number): void {
    const clock = this.#opts.clock;
    inbox.waiting = clock.after(wait, () => {
      inbox.waiting = undefined;
      // The receiver may have left the network while it waited.
      if (this.#inboxes.get(dest) !== inbox) return;
      // Node's timers run on a cached millisecond clock and can fire up to 1 ms
      // early; Maelstrom never delivers before the deadline, so wait out the rest.
      const left = head.deadline - clock.now();
      if (left > 0) return this.#waitFor(dest, inbox, head, left);
      this.lateness.push(0 - left);
      this.#deliver(dest, inbox, head.msg);
      this.#pump(dest, inbox);
    });
  }

  /** Hands a message that fell due to its receiver, or drops it if the receiver is down now. */
  #deliver(dest: string, inbox: Inbox, msg: NetMessage): void {
    if (this.#down.has(dest)) return this.#drop("down", msg);
    this.#journal("recv", msg);
    inbox.endpoint.deliver(msg);
  }

  /** A drawn latency times the factor, in whole ms; exactly the draw at factor 1. */
  #scaled(latency: number): number {
    return this.#latencyFactor === 1 ? latency : Math.round(latency * this.#latencyFactor);
  }

  #drop(why: DropWhy, message: NetMessage): void {
    this.dropped[why]++;
    this.#opts.journal({ id: this.#nextEventId++, time: this.#opts.nowNs(), type: "drop", why, message });
  }

  #journal(type: "send" | "recv", message: NetMessage): void {
    this.#opts.journal({ id: this.#nextEventId++, time: this.#opts.nowNs(), type, message });
  }
}
