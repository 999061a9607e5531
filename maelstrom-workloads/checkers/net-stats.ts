import type { JournalEvent } from "../model/journal-event.js";
import { isClient } from "../model/journal-event.js";
import type { Op } from "../model/op.js";
import type { CheckResult } from "./check-result.js";

/** Counts for one slice of the journal. */
export interface NetGroupStats {
  "send-count": number;
  "recv-count": number;
  /** Distinct message ids across send and recv events. */
  "msg-count": number;
  /** Only on "all" and "servers", and only when the history has invocations. */
  "msgs-per-op"?: number;
}

class Group {
  sends = 0;
  recvs = 0;
  ids = new Set<number>();
  add(e: JournalEvent): void {
    if (e.type === "send") this.sends++;
    else if (e.type === "recv") this.recvs++;
    this.ids.add(e.message.id);
  }
  stats(): NetGroupStats {
    return { "send-count": this.sends, "recv-count": this.recvs, "msg-count": this.ids.size };
  }
}

/**
 * Maelstrom's network checker (MAELSTROM.md §3.7): send/recv/distinct-message
 * counts over every journal event (init included), split into "clients"
 * (src or dest starts with "c") and "servers" (everything else, including
 * node↔service traffic). msgs-per-op = msg-count / op-count on "all" and
 * "servers" only, where op-count is the number of invocations whose process
 * is not "nemesis" (final reads count); omitted when op-count is 0. Maelstrom
 * rounds msgs-per-op to a single-precision float; we report the double.
 * Always valid.
 */
export function netStatsChecker(journal: Iterable<JournalEvent>, history: readonly Op[]): CheckResult {
  const all = new Group();
  const clients = new Group();
  const servers = new Group();
  for (const e of journal) {
    all.add(e);
    if (isClient(e.message.src) || isClient(e.message.dest)) clients.add(e);
    else servers.add(e);
  }
  const opCount = history.filter((op) => op.type === "invoke" && op.process !== "nemesis").length;
  const allStats = all.stats();
  const serverStats = servers.stats();
  if (opCount > 0) {
    allStats["msgs-per-op"] = allStats["msg-count"] / opCount;
    serverStats["msgs-per-op"] = serverStats["msg-count"] / opCount;
  }
  return { all: allStats, clients: clients.stats(), servers: serverStats, "valid?": true };
}
