import { type DropWhy, isClient } from "../model/journal-event.js";
import type { Op } from "../model/op.js";
import type { CheckResult } from "./check-result.js";

/** Counts for one slice of the journal. */
export interface NetGroupStats {
  "send-count": number;
  "recv-count": number;
  /** Distinct message ids across send and recv events (a drop is always of a message already sent). */
  "msg-count": number;
  /** Ours, not Maelstrom's, and only when this slice had drops: messages the network dropped. */
  "drop-count"?: number;
  /** With drop-count: the drops by why (loss, partition, down), each why that occurred. */
  "drops-by-why"?: Partial<Record<DropWhy, number>>;
  /** Only on "all" and "servers", and only when the history has invocations. */
  "msgs-per-op"?: number;
}

/** What the net stats read of a journal event: its type (and a drop's why) and its message's id, src and dest (never the body). */
export type NetEvent = { type: "send" | "recv"; message: { id: number; src: string; dest: string } } | { type: "drop"; why: DropWhy; message: { id: number; src: string; dest: string } };

class Group {
  sends = 0;
  recvs = 0;
  drops = 0;
  readonly byWhy: Partial<Record<DropWhy, number>> = {};
  ids = new Set<number>();
  add(e: NetEvent): void {
    if (e.type === "send") this.sends++;
    else if (e.type === "recv") this.recvs++;
    else if (e.type === "drop") {
      this.drops++;
      this.byWhy[e.why] = (this.byWhy[e.why] ?? 0) + 1;
    }
    this.ids.add(e.message.id);
  }
  stats(): NetGroupStats {
    const s: NetGroupStats = { "send-count": this.sends, "recv-count": this.recvs, "msg-count": this.ids.size };
    // Only when there were drops, so a run without any reports exactly Maelstrom's keys.
    if (this.drops > 0) Object.assign(s, { "drop-count": this.drops, "drops-by-why": { ...this.byWhy } });
    return s;
  }
}

/**
 * Maelstrom's network checker, computed as the journal is written: `add`
 * each event as it happens, then `check(history)` at the end. It keeps
 * counts and the distinct message ids, never the events, so a host need not
 * hold the journal in memory. Same result as netStatsChecker over the same
 * events.
 */
export class NetStats {
  readonly #all = new Group();
  readonly #clients = new Group();
  readonly #servers = new Group();

  add(e: NetEvent): void {
    this.#all.add(e);
    if (isClient(e.message.src) || isClient(e.message.dest)) this.#clients.add(e);
    else this.#servers.add(e);
  }

  /** Messages sent so far. */
  get sends(): number {
    return this.#all.sends;
  }

  /** Messages sent so far between servers (the "servers" slice's send-count). */
  get serverSends(): number {
    return this.#servers.sends;
  }

  /** The checker's result, given the history (for msgs-per-op). */
  check(history: readonly Op[]): CheckResult {
    let opCount = 0;
    for (const op of history) if (op.type === "invoke" && op.process !== "nemesis") opCount++;
    const allStats = this.#all.stats();
    const serverStats = this.#servers.stats();
    if (opCount > 0) {
      allStats["msgs-per-op"] = allStats["msg-count"] / opCount;
      serverStats["msgs-per-op"] = serverStats["msg-count"] / opCount;
    }
    return { all: allStats, clients: this.#clients.stats(), servers: serverStats, "valid?": true };
  }
}

/**
 * Maelstrom's network checker (MAELSTROM.md §3.7): send/recv/distinct-message
 * counts over every journal event (init included), split into "clients"
 * (src or dest starts with "c") and "servers" (everything else, including
 * node↔service traffic). Beyond Maelstrom, whose journal has no drop events,
 * a slice with drops also gets drop-count and drops-by-why; its other counts
 * are as Maelstrom's (a drop is neither a send nor a recv). msgs-per-op = msg-count / op-count on "all" and
 * "servers" only, where op-count is the number of invocations whose process
 * is not "nemesis" (final reads count); omitted when op-count is 0. Maelstrom
 * rounds msgs-per-op to a single-precision float; we report the double.
 * Always valid. The hosts use NetStats, fed as the journal is written.
 */
export function netStatsChecker(journal: Iterable<NetEvent>, history: readonly Op[]): CheckResult {
  const stats = new NetStats();
  for (const e of journal) stats.add(e);
  return stats.check(history);
}
