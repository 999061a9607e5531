import type { JournalMessage } from "../../../maelstrom-workloads/report/report-types.js";

const MS = 1e6;

/**
 * A journal message for the report's tests, times in ms: recvMs null for one
 * never delivered; `drop` as the journal's record, or a reason (dropped 1 ms
 * after it was sent).
 */
export function journalMessage(id: number, src: string, dest: string, sendMs: number, recvMs: number | null, body: Record<string, unknown>, drop?: string | JournalMessage["drop"]): JournalMessage {
  const d = typeof drop === "string" ? { atNs: (sendMs + 1) * MS, why: drop } : drop;
  return { id, src, dest, sendNs: sendMs * MS, recvNs: recvMs === null ? null : recvMs * MS, type: String(body.type), body, ...(d ? { drop: d } : {}) };
}
