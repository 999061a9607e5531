/**
 * From the options as read (each row's value) to the options of a run:
 * the node list built, --concurrency counted against it, --latency joined
 * with --latency-dist. Shared by the command line and testOptions.
 */

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { type FaultSchedule, parseFaultSchedule, ScheduleError } from "../nemesis/fault-schedule.js";
import { type LatencyDist, latencySpecProblem } from "../network/latency.js";
import type { TopologyKind } from "../topology.js";
import { DEFAULT_NODES, type Limit, MAX_CONCURRENCY, type NemesisFault, type NemesisTarget, OPTION_BY_NAME, type OptionValues, type SessionMode, type Workload } from "./option-table.js";
import { SERVICE_IDS } from "../services/default-services.js"; // ids a server node may not use

export interface TestOptions {
  /** `--bin`: the node program, an absolute path (a relative one given is taken from TestArgsIo.baseDir). */
  bin: string;
  /** Non-option arguments and everything after `--`, in order: the node program's argv. */
  binArgs: string[];
  /** `-w/--workload`. May be one this harness does not implement; see IMPLEMENTED_WORKLOADS. */
  workload: Workload;
  /** `--sessions` (beyond Maelstrom): how causal-broadcast's client threads pick nodes; other workloads ignore it. */
  sessions: SessionMode;
  /** `--membership-deadline` (ours), seconds: how long a killed node may go unreported dead (membership only). */
  membershipDeadline: number;
  /** `--membership-period` (ours), ms: the node's protocol period, for the load figure (membership only). */
  membershipPeriod: number;
  /** The resolved server node ids, in test order (the order of `node_ids` and of topologies). */
  nodes: string[];
  /** `--concurrency` resolved against the node list: the number of client worker threads (≥ 1). */
  concurrency: number;
  /** `--rate`: target client operations per second across all clients (≥ 0; 0 = no client ops). */
  rate: number;
  /** `--time-limit`: length of the main phase, in seconds (> 0). */
  timeLimit: number;
  /** `--latency` (mean one-way server latency, in whole milliseconds) and `--latency-dist`. */
  latency: { mean: number; dist: LatencyDist };
  /** `--loss` (beyond Maelstrom): probability in [0, 1) that a server-to-server message is dropped. */
  loss: number;
  /** `--nemesis`: the nemesis packages to run, without duplicates; `[]` for none. */
  nemesis: NemesisFault[];
  /** `--nemesis-interval`: mean seconds between nemesis operations (> 0). */
  nemesisInterval: number;
  /** `--nemesis-targets` (beyond Maelstrom): which nodes kill and pause may hit. */
  nemesisTargets: NemesisTarget[];
  /** `--schedule` (beyond Maelstrom): the fault schedule file (its absolute path), read and checked against the nodes and --time-limit; undefined when not given. */
  schedule: { file: string; schedule: FaultSchedule } | undefined;
  /** `--topology`: the neighbour map broadcast nodes are sent. */
  topology: TopologyKind;
  /** `--availability`: undefined (not checked), "total", or the minimum fraction of ok ops in [0, 1]. */
  availability: undefined | "total" | number;
  /** `--log-stderr`: copy node stderr lines into the harness log. */
  logStderr: boolean;
  /** `--log-net-send`: log every message when sent. */
  logNetSend: boolean;
  /** `--log-net-recv`: log every message when delivered. */
  logNetRecv: boolean;
  /** `--test-count`: how many times to run the test (≥ 1). */
  testCount: number;
  /** `--leave-db-running`: skip node teardown. */
  leaveDbRunning: boolean;
  /** `--seed` (beyond Maelstrom): the run's seed, 0 … 2^32−1; undefined means the caller picks one and prints it. */
  seed: number | undefined;
  /** `--store` (beyond Maelstrom): where runs are written, an absolute path (`store` under TestArgsIo.baseDir by default). */
  storeDir: string;
  /** Options Maelstrom's txn and kafka workloads read (RunConfig.txn, WorkloadContext.txn). */
  compat: {
    /** `--key-count`: undefined when not given. */
    keyCount: number | undefined;
    /** `--max-txn-length`. */
    maxTxnLength: number;
    /** `--max-writes-per-key`. */
    maxWritesPerKey: number;
    /** `--consistency-models`. */
    consistencyModels: string[];
  };
}

/** How `--nodes-file` and `--schedule` are read, and where relative paths are taken from. */
export interface TestArgsIo {
  /** Reads a file, given its absolute path. */
  readFile(path: string): string;
  /**
   * The folder relative --bin, --store, --schedule and --nodes-file are taken
   * from. The command lines leave it out and get invocationDir() (where the
   * user ran the command); testOptions leaves it out and gets process.cwd().
   */
  baseDir?: string;
}

export const defaultIo: TestArgsIo = { readFile: (path) => readFileSync(path, "utf8") };


export type Resolved = { ok: true; options: TestOptions } | { ok: false; error: string };

const q = (s: string) => JSON.stringify(s);

/**
 * The run's options from the values read, or the first problem among the
 * checks that involve several options: --bin missing, the node list,
 * --concurrency against it, --latency with --latency-dist.
 */
export function resolveOptions(v: OptionValues, binArgs: readonly string[], io: TestArgsIo, baseDir: string): Resolved {
  if (v.bin === undefined) return { ok: false, error: "--bin: missing; expected the node program to test, as in --bin ./my-node" };

  const nodes = resolveNodes(v, io, baseDir);
  if (!nodes.ok) return { ok: false, error: nodes.error };

  const concurrency = v.concurrency.perNode ? v.concurrency.n * nodes.value.length : v.concurrency.n;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    return { ok: false, error: `--concurrency: ${v.concurrency.n}n with ${nodes.value.length} nodes gives ${concurrency} client threads; expected ${concurrency < 1 ? "at least 1" : limitProblem(OPTION_BY_NAME.get("--concurrency")!.limit!, concurrency)}` };
  }

  const latency = { mean: v.latency, dist: v.latencyDist };
  if (latencySpecProblem(latency) !== undefined) {
    return {
      ok: false,
      error: `--latency-dist: expected constant when --latency is ${latency.mean}, got ${q(latency.dist)}; uniform and exponential need --latency above 0 (Maelstrom fails at start-up with this combination too)`,
    };
  }

  const schedule = readSchedule(v, nodes.value, io, baseDir);
  if (!schedule.ok) return schedule;

  return {
    ok: true,
    options: {
      bin: resolve(baseDir, v.bin),
      binArgs: [...binArgs],
      workload: v.workload,
      sessions: v.sessions,
      membershipDeadline: v.membershipDeadline,
      membershipPeriod: v.membershipPeriod,
      nodes: nodes.value,
      concurrency,
      rate: v.rate,
      timeLimit: v.timeLimit,
      latency,
      loss: v.loss,
      nemesis: v.nemesis,
      nemesisInterval: v.nemesisInterval,
      nemesisTargets: v.nemesisTargets,
      schedule: schedule.value,
      topology: v.topology,
      availability: v.availability,
      logStderr: v.logStderr,
      logNetSend: v.logNetSend,
      logNetRecv: v.logNetRecv,
      testCount: v.testCount,
      leaveDbRunning: v.leaveDbRunning,
      seed: v.seed,
      storeDir: resolve(baseDir, v.storeDir),
      compat: { keyCount: v.keyCount, maxTxnLength: v.maxTxnLength, maxWritesPerKey: v.maxWritesPerKey, consistencyModels: v.consistencyModels },
    },
  };
}

/** `--schedule`'s file, read through `io` and checked against the run (its nodes, --time-limit); not together with --nemesis. */
function readSchedule(v: OptionValues, nodes: readonly string[], io: TestArgsIo, baseDir: string): { ok: true; value: TestOptions["schedule"] } | { ok: false; error: string } {
  if (v.schedule === undefined) return { ok: true, value: undefined };
  if (v.nemesis.length > 0) {
    return { ok: false, error: `--schedule replaces --nemesis's random schedule, so give one or the other; got --nemesis ${v.nemesis.join(",")} too (to have both, write those faults into the schedule)` };
  }
  const file = resolve(baseDir, v.schedule);
  let text: string;
  try {
    text = io.readFile(file);
  } catch (e) {
    return { ok: false, error: `--schedule: cannot read ${q(v.schedule)}${lookedFor(v.schedule, file)}: ${firstLine(e)}` };
  }
  try {
    return { ok: true, value: { file, schedule: parseFaultSchedule(text, v.schedule, { nodes, timeLimitMs: v.timeLimit * 1000 }) } };
  } catch (e) {
    if (e instanceof ScheduleError) return { ok: false, error: `--schedule: ${e.message}` };
    throw e;
  }
}

/** " (looked for /abs/path)" when the path given was relative, so a person sees where it was looked for. */
function lookedFor(given: string, abs: string): string {
  return given === abs ? "" : ` (looked for ${abs})`;
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0]!;
}

/** Why `n` is outside `limit` (what was expected, with the reason), or undefined. */
export function limitProblem(limit: Limit, n: number): string | undefined {
  const low = limit.minAboveZero;
  if (n <= limit.max && (low === undefined || n === 0 || n >= low)) return undefined;
  const range = low === undefined ? `at most ${limit.max}` : `0, or from ${low.toFixed(6)} to ${limit.max}`;
  return `${range} (${limit.why})`;
}

/**
 * The node list, as Maelstrom and Jepsen build it (MAELSTROM.md §2.2):
 * `--node-count N` replaces `--nodes` with n0 … n(N−1); then the ids of
 * `--nodes-file`, that list, and the `-n` ids are joined, in this order. The
 * default n1 … n5 stands in for `-n` only when no `-n` was given and neither
 * a list nor a file was. Beyond Maelstrom, the ids are checked (see nodeIdProblem).
 */
function resolveNodes(v: OptionValues, io: TestArgsIo, baseDir: string): { ok: true; value: string[] } | { ok: false; error: string } {
  const entries: { id: string; from: string }[] = [];
  if (v.nodesFile !== undefined) {
    const file = resolve(baseDir, v.nodesFile);
    let text: string;
    try {
      text = io.readFile(file);
    } catch (e) {
      return { ok: false, error: `--nodes-file: cannot read ${q(v.nodesFile)}${lookedFor(v.nodesFile, file)}: ${firstLine(e)}` };
    }
    for (const line of text.split(/\r?\n/)) {
      const id = line.trim();
      if (id !== "") entries.push({ id, from: "--nodes-file" });
    }
  }
  const list = v.nodeCount !== undefined ? Array.from({ length: v.nodeCount }, (_, k) => `n${k}`) : v.nodes;
  const listFrom = v.nodeCount !== undefined ? "--node-count" : "--nodes";
  for (const id of list ?? []) entries.push({ id, from: listFrom });
  const override = list !== undefined || v.nodesFile !== undefined;
  const flags = v.node ?? (override ? [] : DEFAULT_NODES);
  for (const id of flags) entries.push({ id, from: "--node" });

  if (entries.length === 0) return { ok: false, error: `--nodes-file: ${q(v.nodesFile ?? "")} lists no node ids, and no other node option gives any; expected at least one node` };
  const seen = new Map<string, string>();
  for (const { id, from } of entries) {
    const problem = nodeIdProblem(id);
    if (problem !== undefined) return { ok: false, error: `${from}: node id ${q(id)} ${problem}` };
    const earlier = seen.get(id);
    if (earlier !== undefined) {
      const where = earlier === from ? `twice in ${from}` : `in both ${earlier} and ${from}`;
      return { ok: false, error: `${from}: node id ${q(id)} appears ${where}; expected each node once` };
    }
    seen.set(id, from);
  }
  return { ok: true, value: entries.map((e) => e.id) };
}

/**
 * Why a string cannot be a server node id, or undefined. Maelstrom does not
 * check ids, but it treats any id starting with "c" as a client and uses the
 * service ids itself, so such nodes would misbehave; ids also may not be empty
 * or contain whitespace or commas.
 */
export function nodeIdProblem(id: string): string | undefined {
  if (id === "") return "is empty";
  if (/[\s,]/.test(id)) return "contains whitespace or a comma; expected one id per -n, or --nodes a,b,c";
  if (id.startsWith("c")) return `starts with "c", which Maelstrom reserves for its clients (c0, c1, …); expected another name, such as n1`;
  if ((SERVICE_IDS as readonly string[]).includes(id)) return `is the id of a Maelstrom service (${SERVICE_IDS.join(", ")}); expected another name`;
  return undefined;
}
