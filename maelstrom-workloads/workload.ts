import type { CheckResult } from "./checkers/check-result.js";
import type { MaelstromClient } from "./run/client.js";
import type { Completion } from "./model/complete-op.js";
import type { Op } from "./model/op.js";

/** An operation a generator asks for. */
export interface OpRequest {
  f: string;
  value: unknown;
  /** Ops of the final phase carry this. */
  final?: boolean;
  /** Ours: in a final sequence (finalOps), wait this many ms before starting the op (Jepsen's stagger between final polls). */
  delayMs?: number;
}

export interface WorkloadContext {
  /** Node ids in test order. */
  nodes: readonly string[];
  /** Number of client threads. */
  concurrency: number;
  seed: number;
  /** `--latency`'s mean, in ms (lin-kv's client timeout is max(10 x this, 1000) ms, as Maelstrom's). */
  latencyMean: number;
  /** `--topology` */
  topology: string;
  /** `--sessions` (ours; only causal-broadcast reads it): sticky when not given. */
  sessions?: "sticky" | "roaming";
  /** `--membership-deadline` in seconds (ours; only membership reads it). */
  membershipDeadline?: number;
  /** `--membership-period` in ms (ours; only membership reads it). */
  membershipPeriod?: number;
  /** Maelstrom's options for kafka, txn-rw-register and txn-list-append (as the command line gave them, or their defaults). */
  txn?: TxnOptions;
}

/** Maelstrom's options for its kafka and txn workloads. */
export interface TxnOptions {
  /** `--key-count`: keys in play at once; undefined when not given (each workload has its default). */
  keyCount: number | undefined;
  /** `--max-txn-length` (default 4): most micro-operations in one transaction. */
  maxTxnLength: number;
  /** `--max-writes-per-key` (default 16): most writes (appends, sends) to one key before the generator moves on to a new key. */
  maxWritesPerKey: number;
  /** `--consistency-models` (default strict-serializable): the models the txn checkers judge against. */
  consistencyModels: string[];
}

/**
 * What a workload's checker gets besides the history. The journal is not
 * kept in memory; the net checker counts it as it is written, and passes on
 * the one count a workload may judge by.
 */
export interface CheckContext {
  /** Messages sent between server nodes (net's "servers" send-count), when the host counted them. */
  serverSendCount?: number;
}

/**
 * A workload, in Maelstrom's shape: how a client performs ops (`invoke`), what
 * ops to perform (`nextOp`, and `finalOp` for workloads with a final phase),
 * and how to judge the history (`check`, a pure function).
 */
export interface Workload {
  readonly name: string;
  /** Whether a thread keeps its client after an `info` (Maelstrom's Reusable). */
  readonly reusableClient: boolean;
  /** Once per node, after init, with that node's setup client; a failure crashes the run. */
  setup?(client: MaelstromClient, node: string): Promise<void>;
  /** The next op of the main phase, for client thread `thread`. */
  nextOp(thread: number): OpRequest;
  /**
   * Ours: keep issuing main-phase ops (nextOp, at --rate) through the
   * recovery wait too, so that the checker sees how fast the cluster
   * recovers after the heal (the membership workload). Maelstrom's clients
   * are quiet then; so are those of every workload without this.
   */
  readonly pollsDuringRecovery?: boolean;
  /** One op per client thread after the main phase, a recovery period and healing. */
  finalOp?(thread: number): OpRequest;
  /**
   * Ours: the final phase as a sequence per thread instead of one op (kafka's
   * crash, assign and polls until caught up, as Jepsen's final-polls runs
   * them): asked again each time the thread's last final op completes, until
   * it answers undefined. A workload gives finalOp or finalOps, not both.
   */
  finalOps?(thread: number): OpRequest | undefined;
  /**
   * Ours: thread `thread` has taken process `process` (after an `info`), told
   * before the thread's next op is asked for. lin-kv bounds the processes that
   * use a key with it, as Jepsen's process-limit does; other workloads need not.
   */
  processChanged?(thread: number, process: number): void;
  /**
   * Ours: which of the free threads (ascending, never empty) gets the next op,
   * for workloads whose Jepsen generator is not a single stream (lin-kv: free
   * thread groups and reader/writer ranges are picked at random, weighted by
   * their thread counts, then threads in rotation within one). Without it the
   * harness hands ops to free threads in rotating order, as Jepsen's context does.
   */
  pickThread?(free: readonly number[]): number;
  /** Performs one op through a client against a node; never throws. */
  invoke(client: MaelstromClient, node: string, op: OpRequest): Promise<Completion>;
  check(history: readonly Op[], ctx: CheckContext): CheckResult;
}

export type WorkloadFactory = ((ctx: WorkloadContext) => Workload) & {
  /**
   * Ours: why this workload cannot run with these options (lin-kv: a
   * concurrency that is not a multiple of twice the node count), or undefined
   * when it can. The commands ask once the options parse (workloadRunError),
   * so such a run is refused like a bad option, before it starts.
   */
  optionsProblem?(run: { nodes: readonly string[]; concurrency: number }): string | undefined;
};
