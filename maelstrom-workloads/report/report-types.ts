/** One message from journal.jsonl: sent at sendNs, received at recvNs (null: never delivered: dropped, partitioned, or the run ended). */
export interface JournalMessage {
  id: number;
  src: string;
  dest: string;
  sendNs: number;
  recvNs: number | null;
  type: string;
  body: unknown;
  /** Set when the journal recorded the message dropped (ours: loss, partition, down, closed): when and why. */
  drop?: { atNs: number; why: string };
}
/** A fault in force from fromNs to toNs (toNs = Infinity if never healed), as the report shades it. */
export interface FaultSpan { kind: "partition" | "kill" | "pause" | "loss" | "latency"; fromNs: number; toNs: number; nodes: string[]; label: string }
