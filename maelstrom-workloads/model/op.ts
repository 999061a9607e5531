/**
 * One entry of a test's history, shaped like a Jepsen op. Written to
 * history.jsonl one per line. Client ops come in pairs: an `invoke`, then its
 * completion (`ok`, `fail` or `info`) on the same process. Nemesis ops are
 * `info` entries on process "nemesis".
 */
export type OpType = "invoke" | "ok" | "fail" | "info";

export interface Op {
  /** Position in the history, from 0. */
  index: number;
  /** Nanoseconds since the history's origin (after every node answered init, before topology). */
  time: number;
  type: OpType;
  /** Client process number, or "nemesis". A client thread's process grows by `concurrency` after each `info`. */
  process: number | "nemesis";
  /** The operation, e.g. "echo", "broadcast", "read", "start-partition". */
  f: string;
  value: unknown;
  /**
   * Why an op failed or is indeterminate, as Maelstrom records it:
   * "net-timeout" for a client timeout; [name, text] for an error reply,
   * e.g. ["temporarily-unavailable", "no leader"]; "indeterminate: <message>" for
   * anything else (then `exception` holds the message too).
   */
  error?: unknown;
  /** "<class>: <message>" of the exception that made the op indeterminate. */
  exception?: string;
  /** Set on the reads of a workload's final phase. */
  final?: boolean;
}
