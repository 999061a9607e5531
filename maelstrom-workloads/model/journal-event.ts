/**
 * One line of journal.jsonl: every message accepted by the network is
 * journaled as a `send`; a `recv` is journaled only when it is actually
 * delivered (a message dropped by a partition has a send and no recv).
 */
export interface JournalEvent {
  /** Event counter across the run, from 0. */
  id: number;
  /** Nanoseconds since the run started. */
  time: number;
  type: "send" | "recv";
  /** The message with Maelstrom's network-wide `id`, as delivered. */
  message: { id: number; src: string; dest: string; body: Record<string, unknown> };
}

/** Maelstrom's notion of a client: any node id that starts with "c". */
export function isClient(nodeId: string): boolean {
  return nodeId.startsWith("c");
}
