/**
 * Why the network dropped a message it had accepted (append-only: stored
 * journals hold these words):
 * - "loss": `--loss` (or a loss burst) drew it, at send time;
 * - "partition": the receiver's grudge refused its source when it dequeued it;
 * - "down": its receiver was down (killed and not yet restarted) when it was due;
 * - "closed": it was sent to a client that had been closed (only in runs that
 *   pause nodes; otherwise such a send is bad output, as in Maelstrom).
 */
export const DROP_WHYS = ["loss", "partition", "down", "closed"] as const;
export type DropWhy = (typeof DROP_WHYS)[number];

/** The message with Maelstrom's network-wide `id`, as sent (and as delivered). */
export interface JournalMessage {
  id: number;
  src: string;
  dest: string;
  body: Record<string, unknown>;
}

interface EventBase {
  /** Event counter across the run, from 0. */
  id: number;
  /** Nanoseconds since the run started. */
  time: number;
}

/**
 * One line of journal.jsonl. Every message accepted by the network is
 * journaled as a `send`; then exactly one of a `recv` (delivered) or a `drop`
 * (never delivered, and why), unless the run ended (or its receiver left the
 * network) while it was in flight.
 * Keys are written in this order: id, time, type, why (drops only), message.
 * Maelstrom's journal has send and recv only; `drop` is ours.
 */
export type JournalEvent = (EventBase & { type: "send" | "recv"; message: JournalMessage }) | (EventBase & { type: "drop"; why: DropWhy; message: JournalMessage });

/** Maelstrom's notion of a client: any node id that starts with "c". */
export function isClient(nodeId: string): boolean {
  return nodeId.startsWith("c");
}
