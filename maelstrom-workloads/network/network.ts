import type { Clock, Timer } from "../../lib/runtime/clock.js";
import { isClient, type JournalEvent } from "../model/journal-event.js";
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
  endpoint: Endpoint;
  queue: MinHeap<Queued>;
  /** Set while the receiver waits for its head message's deadline (head-of-line blocking). */
  waiting: Timer | undefined;
}

export interface NetworkOptions {
  clock: Clock;
  /** Latency in whole ms for one server-to-server (or server-to-service) message. */
  latency: () => number;
  /** Called for every send and every delivery, in order. */
  journal: (event: JournalEvent) => void;
  /** Nanoseconds since the run started, for journal times. */
  nowNs: () => number;
}

/**
 * Maelstrom's network model. Each receiver has a queue ordered by deadline
 * (send time plus latency; zero for anything to or from a client). A receiver
 * takes its head message, drops it if the receiver currently refuses its
 * source (partitions are checked here, at dequeue), else waits until its
 * deadline and delivers it; nothing behind it moves meanwhile. No random loss.
 */
export class Network {
  readonly #opts: NetworkOptions;
  readonly #inboxes = new Map<string, Inbox>();
  /** receiver -> sources it currently drops. */
  #grudge = new Map<string, Set<string>>();
  #nextMsgId = 0;
  #nextEventId = 0;
  /** How late each timed delivery was against its deadline, in ms. */
  readonly lateness: number[] = [];
  droppedByPartition = 0;

  constructor(opts: NetworkOptions) {
    this.#opts = opts;
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
  }

  /** Takes everyone off the network and cancels every pending delivery: nothing is journaled after this. */
  shutdown(): void {
    for (const id of [...this.#inboxes.keys()]) this.unregister(id);
  }

  /** Accepts a message: gives it the next id, journals it, queues it. Throws UnknownNodeError. */
  send(src: string, dest: string, body: Record<string, unknown>): NetMessage {
    const msg: NetMessage = { id: this.#nextMsgId++, src, dest, body };
    if (!this.#inboxes.has(src)) throw new UnknownNodeError("src", src);
    const inbox = this.#inboxes.get(dest);
    if (!inbox) throw new UnknownNodeError("dest", dest);
    const latency = isClient(src) || isClient(dest) ? 0 : this.#opts.latency();
    const deadline = this.#opts.clock.now() + latency;
    this.#journal("send", msg);
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
        this.droppedByPartition++;
        continue;
      }
      const wait = head.deadline - clock.now();
      if (wait <= 0) {
        this.#deliver(inbox, head.msg);
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
      this.#deliver(inbox, head.msg);
      this.#pump(dest, inbox);
    });
  }

  #deliver(inbox: Inbox, msg: NetMessage): void {
    this.#journal("recv", msg);
    inbox.endpoint.deliver(msg);
  }

  #journal(type: "send" | "recv", message: NetMessage): void {
    this.#opts.journal({ id: this.#nextEventId++, time: this.#opts.nowNs(), type, message });
  }
}
