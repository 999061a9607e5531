import { randomInt } from "node:crypto";
import type { TxnOptions } from "../workload.js";
import { workloadFactory } from "../workloads.js";
import type { WorkloadContext, WorkloadFactory } from "../workload.js";
import type { SessionMode, TestOptions } from "../options/index.js";
import type { LatencySpec } from "../network/latency.js";
import type { FaultSchedule } from "../nemesis/fault-schedule.js";

/** Maelstrom's fixed wait between healing and the final reads. */
export const RECOVERY_SECONDS = 10;

/** The context a run gives its workload's factory. */
export function workloadContext(cfg: Pick<RunConfig, "nodes" | "concurrency" | "seed" | "topology" | "sessions" | "latency"> & Partial<Pick<RunConfig, "membershipDeadline" | "membershipPeriod" | "txn">>): WorkloadContext {
  return {
    nodes: cfg.nodes,
    concurrency: cfg.concurrency,
    seed: cfg.seed,
    latencyMean: cfg.latency.mean,
    topology: cfg.topology,
    sessions: cfg.sessions,
    membershipDeadline: cfg.membershipDeadline,
    membershipPeriod: cfg.membershipPeriod,
    txn: cfg.txn,
  };
}

/** Everything a run needs, resolved: no defaults left to apply. */
export interface RunConfig {
  workloadName: string;
  workload: WorkloadFactory;
  /** `--sessions` (ours): causal-broadcast's client sessions; other workloads ignore it. */
  sessions: SessionMode;
  /** `--membership-deadline` (ours), seconds; only the membership workload reads it. */
  membershipDeadline: number;
  /** `--membership-period` (ours), ms; only the membership workload reads it. */
  membershipPeriod: number;
  /** Maelstrom's options for its txn and kafka workloads (--key-count, --max-txn-length, --max-writes-per-key, --consistency-models). */
  txn: TxnOptions;
  bin: string;
  binArgs: readonly string[];
  nodes: readonly string[];
  concurrency: number;
  /** ops per second across all clients */
  rate: number;
  /** seconds */
  timeLimit: number;
  latency: LatencySpec;
  /** `--loss`: probability that a server-to-server message is dropped (the network's initial loss). */
  loss: number;
  /** Fault packages by name (`--nemesis`), e.g. ["partition"]; see NEMESES. */
  nemesis: readonly string[];
  /** seconds */
  nemesisInterval: number;
  /** Which nodes kill and pause may hit (`--nemesis-targets`), e.g. ["one", "majority"]. */
  nemesisTargets: readonly string[];
  /** `--schedule` (ours): the main phase's faults at fixed times instead of the random flip-flop of `nemesis`. */
  schedule?: FaultSchedule;
  topology: string;
  availability: undefined | "total" | number;
  logStderr: boolean;
  logNetSend: boolean;
  logNetRecv: boolean;
  seed: number;
  storeDir: string;
  /** seconds of quiet before the final reads; Maelstrom's is a fixed 10 */
  recoverySeconds: number;
  /** the command line, for test.json */
  argv: readonly string[];
  /** Write the report files (report.html, messages.svg, ...) into the store folder after the run: the test commands do; benchmarks, the search's cases and tests do not unless they ask. */
  report?: boolean;
}

/** The run a parsed `maelstrom test` command line asks for; picks a seed when none was given. */
export function runConfigFrom(o: TestOptions, argv: readonly string[]): RunConfig {
  const workload = workloadFactory(o.workload);
  if (!workload) throw new Error(`workload ${o.workload} is not implemented by this harness`);
  return {
    workloadName: o.workload,
    workload,
    sessions: o.sessions,
    membershipDeadline: o.membershipDeadline,
    membershipPeriod: o.membershipPeriod,
    txn: o.compat,
    bin: o.bin,
    binArgs: o.binArgs,
    nodes: o.nodes,
    concurrency: o.concurrency,
    rate: o.rate,
    timeLimit: o.timeLimit,
    latency: o.latency,
    loss: o.loss,
    nemesis: o.nemesis,
    nemesisInterval: o.nemesisInterval,
    nemesisTargets: o.nemesisTargets,
    schedule: o.schedule?.schedule,
    topology: o.topology,
    availability: o.availability,
    logStderr: o.logStderr,
    logNetSend: o.logNetSend,
    logNetRecv: o.logNetRecv,
    seed: o.seed ?? randomInt(0, 2 ** 31),
    storeDir: o.storeDir,
    recoverySeconds: RECOVERY_SECONDS,
    argv,
  };
}

/**
 * Whether the run can pause nodes (`--nemesis pause`, or a schedule with a
 * pause or a latency fault): then a reply to a client closed meanwhile is
 * dropped, not bad output (see NetworkOptions.dropToClosedClients).
 */
export function runPausesNodes(cfg: Pick<RunConfig, "nemesis" | "schedule">): boolean {
  // A schedule's latency fault does the same through the network: a client's request waits behind a slowed
  // message (a receiver waits for its head message), the client times out and is replaced, the answer comes late.
  return cfg.nemesis.includes("pause") || (cfg.schedule?.faults.some((f) => f.kind === "pause" || f.kind === "latency") ?? false);
}
