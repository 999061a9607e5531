/**
 * The options of `maelstrom test`: one row per option, with Maelstrom's names,
 * defaults and validation (MAELSTROM.md §2.2) and a few of our own. Everything
 * else derives from this table: the command-line parser (parse-test-args.ts),
 * the help (test-usage.ts), options given in code (test-options.ts), the
 * options part of test.json (test-json-options.ts), which flags the
 * real-Maelstrom wrapper drops (maelstrom-flags.ts), and what the simulation
 * host accepts (each row's `sim`).
 */

import { MAX_TIMER_MS } from "../../lib/runtime/clock.js";
import { ELLE_MODELS } from "../checkers/elle/models.js";
import { latencyDists } from "../network/latency.js";
import { topologyKinds } from "../topology.js";
import { type RegisteredWorkload, WORKLOADS } from "../workloads.js";
import {
  availabilityKind,
  commaListKind,
  concurrencyKind,
  decimalKind,
  flag,
  ignoredText,
  integerKind,
  oneOfKind,
  repeatedKind,
  setOfKind,
  textKind,
  type ValueKind,
} from "./value-kind.js";

/** Every workload name Maelstrom's `-w/--workload` accepts. */
export const MAELSTROM_WORKLOADS = ["broadcast", "echo", "g-counter", "g-set", "kafka", "lin-kv", "pn-counter", "txn-list-append", "txn-rw-register", "unique-ids"] as const;

/** Workloads only this harness has (Maelstrom has no causal workload and no membership workload): those registered under other names. */
export const OUR_WORKLOADS = (Object.keys(WORKLOADS) as RegisteredWorkload[]).filter((w) => !(MAELSTROM_WORKLOADS as readonly string[]).includes(w));

/** Every name `-w/--workload` accepts: Maelstrom's, then ours. */
export type Workload = (typeof MAELSTROM_WORKLOADS)[number] | RegisteredWorkload;
export const WORKLOAD_NAMES: readonly Workload[] = [...MAELSTROM_WORKLOADS, ...OUR_WORKLOADS];

/** The workloads this harness can actually run: those registered in maelstrom-workloads/workloads.ts. The parser accepts all of WORKLOAD_NAMES. */
export const IMPLEMENTED_WORKLOADS: readonly Workload[] = WORKLOAD_NAMES.filter((w) => Object.hasOwn(WORKLOADS, w));

/** `--sessions` of the causal-broadcast workload: how a client thread picks the node for each op. */
export const SESSION_MODES = ["sticky", "roaming"] as const;
export type SessionMode = (typeof SESSION_MODES)[number];

/** The nemesis packages `--nemesis` accepts. Maelstrom's only one is partition; kill and pause are ours. */
export const NEMESIS_FAULTS = ["partition", "kill", "pause"] as const;
export type NemesisFault = (typeof NEMESIS_FAULTS)[number];

/** Which nodes a process fault (kill, pause) may hit, as Jepsen's process nemeses choose them. */
export const NEMESIS_TARGETS = ["one", "minority", "majority", "all"] as const;
export type NemesisTarget = (typeof NEMESIS_TARGETS)[number];

/** Jepsen's default node list, used when no other node option is given. */
export const DEFAULT_NODES: readonly string[] = ["n1", "n2", "n3", "n4", "n5"];

/** The largest `--node-count` accepted: every node is a process. */
export const MAX_NODE_COUNT = 10_000;

/**
 * The longest wait a run may contain (2^31-1 ms, about 24.8 days; see lib/runtime/clock.ts).
 * Every harness wait goes through RealClock, which would honour a longer one; this is a sane maximum.
 */
export { MAX_TIMER_MS };

/** The most client threads accepted: each is a client on the network with its own timers. */
export const MAX_CONCURRENCY = 10_000;

const TIMER_WHY = "a sane maximum: no wait in a run may exceed 2^31-1 ms, about 24.8 days, longer than any test";

export const SECTIONS = ["Test", "Nodes", "Network", "Faults", "Checking", "Logging", "Output and runs", "Accepted for compatibility, no effect here"] as const;
export type Section = (typeof SECTIONS)[number];
const COMPAT: Section = "Accepted for compatibility, no effect here";

/**
 * Where an option comes from. The real Maelstrom accepts every option except
 * those that are `ours` (marked [+] in the help).
 */
export type Origin = "maelstrom" | "jepsen" | "ours" | "compat" | "ignored";

/** What an option means under the simulation host (node programs in one process, on virtual time). */
export type SimUse = { use: "same" } | { use: "adapted"; note: string } | { use: "none"; note: string };
const SAME: SimUse = { use: "same" };

/** Numbers only: the largest value accepted (and, for --rate, the smallest above 0), and why. Shown in the help and checked after parsing. */
export interface Limit {
  max: number;
  /** When set, 0 is accepted and otherwise values must be at least this. */
  minAboveZero?: number;
  why: string;
}

/**
 * One option. `T` is the value as read, `In` the value as given in code
 * (testOptions), `D` the default's type (T, or undefined when "not given"
 * means something of its own).
 */
export interface OptionRow<K extends string, T, In, D extends T | undefined> {
  /** The option's name in code: its field in the options given to testOptions. */
  key: K;
  long: `--${string}`;
  short?: `-${string}`;
  /** The value's placeholder in the help; absent for flags. */
  metavar?: string;
  kind: ValueKind<T, In>;
  default: D;
  /** The default as the help shows it ("required" for --bin, "" to show none). */
  shown: string;
  limit?: Limit;
  help: string;
  section: Section;
  origin: Origin;
  /** For options that are ours: why the real Maelstrom has no such option (the real-Maelstrom wrapper says so when it drops it). */
  notInMaelstrom?: string;
  /** A sample value, for "missing value" messages. */
  example?: string;
  /** -n: each occurrence adds to the value instead of replacing it. */
  accumulates?: true;
  /** Recorded in test.json under the option's long name (without --), from the resolved option of the same key. */
  inTestJson?: true;
  sim: SimUse;
}

const row = <K extends string, T, In, const D extends T | undefined>(r: OptionRow<K, T, In, D>): OptionRow<K, T, In, D> => r;

export const OPTIONS = [
  row({
    key: "bin",
    long: "--bin",
    metavar: "FILE",
    kind: textKind("the path of the node program"),
    default: undefined,
    shown: "required",
    help: "the program to run for every node",
    origin: "maelstrom",
    section: "Test",
    example: "./my-node",
    inTestJson: true,
    sim: { use: "adapted", note: "a node program written with lib/ that exports how it installs itself on a Node (as nodes/ do); any other binary runs only as processes (the test command)" },
  }),
  row({
    key: "workload",
    long: "--workload",
    short: "-w",
    metavar: "NAME",
    kind: oneOfKind(WORKLOAD_NAMES),
    default: "lin-kv",
    shown: "lin-kv",
    help: `what to test: Maelstrom's ${MAELSTROM_WORKLOADS.join(", ")}, or ours: causal-broadcast (Maelstrom has no causal workload: clients broadcast unique random strings and read, and the checker finds messages delivered before their causes; see --sessions) and membership (clients poll every node's members and its lookup of 64 probe keys; the checker judges failure detection against the faults: detection times, false positives, recovery after the heal, ring agreement, keys moved per kill, load; see --membership-deadline). This harness implements ${IMPLEMENTED_WORKLOADS.join(", ")}`,
    origin: "maelstrom",
    section: "Test",
    example: "echo",
    inTestJson: true,
    sim: SAME,
  }),
  row({
    key: "timeLimit",
    long: "--time-limit",
    metavar: "SECONDS",
    kind: decimalKind("a number > 0", (n) => n > 0),
    default: 60,
    shown: "60",
    limit: { max: Math.floor(MAX_TIMER_MS / 1000), why: TIMER_WHY },
    help: "length of the main phase, in seconds (fractions allowed here; Maelstrom takes whole seconds)",
    origin: "jepsen",
    section: "Test",
    example: "10",
    inTestJson: true,
    sim: SAME,
  }),
  row({
    key: "rate",
    long: "--rate",
    metavar: "RATE",
    kind: decimalKind("a number >= 0", (n) => n >= 0),
    default: 5,
    shown: "5",
    limit: { max: 1_000_000, minAboveZero: 0.000001, why: `gaps between ops are drawn up to 2/rate s, and ${TIMER_WHY}` },
    help: "target client operations per second, across all clients; 0 means no client operations",
    origin: "maelstrom",
    section: "Test",
    example: "10",
    inTestJson: true,
    sim: SAME,
  }),
  row({
    key: "concurrency",
    long: "--concurrency",
    metavar: "N[n]",
    kind: concurrencyKind,
    default: { n: 1, perNode: true },
    shown: "1n",
    limit: { max: MAX_CONCURRENCY, why: "each thread is a client with its own timers" },
    help: "client worker threads; a trailing n multiplies by the node count (e.g. 2n)",
    origin: "jepsen",
    section: "Test",
    example: "2n",
    inTestJson: true,
    sim: SAME,
  }),
  row({
    key: "testCount",
    long: "--test-count",
    metavar: "N",
    kind: integerKind(1),
    default: 1,
    shown: "1",
    limit: { max: 10_000, why: "a sane maximum" },
    help: "how many times to run the test",
    origin: "jepsen",
    section: "Test",
    example: "3",
    sim: SAME,
  }),
  row({
    key: "sessions",
    long: "--sessions",
    metavar: "MODE",
    kind: oneOfKind(SESSION_MODES),
    default: "sticky",
    shown: "sticky",
    help: "causal-broadcast only (other workloads ignore it): sticky, each client thread keeps to its own node (as Maelstrom's clients do) and sends no deps; roaming, each op goes to a node drawn from the seed, and every request carries deps, the clock of the client's last reply ({} at first)",
    origin: "ours",
    notInMaelstrom: "a setting of our causal-broadcast workload, which Maelstrom does not have",
    section: "Test",
    example: "roaming",
    inTestJson: true,
    sim: SAME,
  }),
  row({
    key: "membershipDeadline",
    long: "--membership-deadline",
    metavar: "SECONDS",
    kind: decimalKind("a number > 0", (n) => n > 0),
    default: 15,
    shown: "15",
    limit: { max: Math.floor(MAX_TIMER_MS / 1000), why: TIMER_WHY },
    help: "membership only: a node killed for at least this long must be reported dead, before it is started again, by every node that ran unpaused all that time and was asked in time; otherwise the run is invalid",
    origin: "ours",
    notInMaelstrom: "a setting of our membership workload, which Maelstrom does not have",
    section: "Checking",
    example: "20",
    sim: SAME,
  }),
  row({
    key: "membershipPeriod",
    long: "--membership-period",
    metavar: "MS",
    kind: decimalKind("a number > 0", (n) => n > 0),
    default: 1000,
    shown: "1000",
    limit: { max: MAX_TIMER_MS, why: TIMER_WHY },
    help: "membership only: the protocol period of the node under test, in ms, which the checker cannot read from the node; it turns server messages per node per second into msgs-per-node-per-period",
    origin: "ours",
    notInMaelstrom: "a setting of our membership workload, which Maelstrom does not have",
    section: "Checking",
    example: "500",
    sim: SAME,
  }),
  row({
    key: "nodeCount",
    long: "--node-count",
    metavar: "NUM",
    kind: integerKind(1, MAX_NODE_COUNT, `an integer from 1 to ${MAX_NODE_COUNT}`),
    default: undefined,
    shown: "none",
    limit: { max: MAX_NODE_COUNT, why: "every node is a process" },
    help: "run NUM nodes named n0 … n(NUM-1) (zero-based); replaces --nodes and the default list",
    origin: "maelstrom",
    section: "Nodes",
    example: "3",
    sim: SAME,
  }),
  row({
    key: "node",
    long: "--node",
    short: "-n",
    metavar: "HOST",
    kind: repeatedKind(textKind("a node id")),
    default: undefined,
    shown: "n1 n2 n3 n4 n5",
    help: "a node id; repeat for more. The default list is used only when no node option is given",
    origin: "jepsen",
    section: "Nodes",
    example: "n1",
    accumulates: true,
    sim: SAME,
  }),
  row({
    key: "nodes",
    long: "--nodes",
    metavar: "LIST",
    kind: commaListKind("comma-separated node ids, none of them empty (e.g. n1,n2,n3)"),
    default: undefined,
    shown: "none",
    help: "comma-separated node ids",
    origin: "jepsen",
    section: "Nodes",
    example: "n1,n2,n3",
    inTestJson: true,
    sim: SAME,
  }),
  row({
    key: "nodesFile",
    long: "--nodes-file",
    metavar: "FILE",
    kind: textKind("the path of a file of node ids"),
    default: undefined,
    shown: "none",
    help: "a file of node ids, one per line; its ids come first, then --nodes (or --node-count), then -n",
    origin: "jepsen",
    section: "Nodes",
    example: "nodes.txt",
    sim: SAME,
  }),
  row({
    key: "latency",
    long: "--latency",
    metavar: "MILLIS",
    kind: integerKind(0, Number.MAX_SAFE_INTEGER, "a whole number of milliseconds >= 0"),
    default: 0,
    shown: "0",
    limit: { max: 3_600_000, why: `an exponential draw can reach 37 times the mean, and ${TIMER_WHY}` },
    help: "mean one-way latency of server-to-server and server-to-service messages, in whole ms",
    origin: "maelstrom",
    section: "Network",
    example: "10",
    inTestJson: true,
    sim: SAME,
  }),
  row({
    key: "latencyDist",
    long: "--latency-dist",
    metavar: "TYPE",
    kind: oneOfKind(latencyDists),
    default: "constant",
    shown: "constant",
    help: `${latencyDists.join(", ")}; uniform and exponential need --latency above 0`,
    origin: "maelstrom",
    section: "Network",
    example: "uniform",
    sim: SAME,
  }),
  row({
    key: "loss",
    long: "--loss",
    metavar: "P",
    kind: decimalKind("a probability >= 0 and below 1, such as 0.1", (n) => n >= 0 && n < 1),
    default: 0,
    shown: "0",
    help: "drop each message between servers (nodes and services, never clients) with probability P, drawn from the seed, and journal it as a drop with why loss; Maelstrom never loses a message",
    origin: "ours",
    notInMaelstrom: "our network's random message loss; Maelstrom's network only partitions, it never loses a message at random",
    section: "Network",
    example: "0.1",
    inTestJson: true,
    sim: SAME,
  }),
  row({
    key: "topology",
    long: "--topology",
    metavar: "SPEC",
    kind: oneOfKind(topologyKinds),
    default: "grid",
    shown: "grid",
    help: `${topologyKinds.join(", ")}; the neighbour map sent to broadcast nodes`,
    origin: "maelstrom",
    section: "Network",
    example: "tree4",
    inTestJson: true,
    sim: SAME,
  }),
  row({
    key: "nemesis",
    long: "--nemesis",
    metavar: "FAULTS",
    kind: setOfKind(NEMESIS_FAULTS, "faults", "to inject no faults, leave --nemesis out"),
    default: [] as NemesisFault[],
    shown: "none",
    help: "comma-separated faults to inject: partition (Maelstrom's only fault), and ours: kill (SIGKILL a node's process group, restart it later with a fresh init), pause (SIGSTOP, later SIGCONT; in a run with pauses a reply to a client closed meanwhile is dropped, where Maelstrom would stop reading the node)",
    origin: "maelstrom",
    section: "Faults",
    example: "partition,kill",
    inTestJson: true,
    sim: SAME,
  }),
  row({
    key: "nemesisTargets",
    long: "--nemesis-targets",
    metavar: "TARGETS",
    kind: setOfKind(NEMESIS_TARGETS, "targets", "leave --nemesis-targets out for the default one,minority,majority"),
    default: ["one", "minority", "majority"] as NemesisTarget[],
    shown: "one,minority,majority",
    help: "which nodes kill and pause may hit, each time one of these at random: one node, a minority (floor(n/2) nodes), a majority, all; Jepsen's choices, not Maelstrom's",
    origin: "ours",
    notInMaelstrom: "Maelstrom has no process faults (kill, pause), so nothing to target",
    section: "Faults",
    example: "one",
    inTestJson: true,
    sim: SAME,
  }),
  row({
    key: "nemesisInterval",
    long: "--nemesis-interval",
    metavar: "SECONDS",
    kind: decimalKind("a number of seconds > 0", (n) => n > 0),
    default: 10,
    shown: "10",
    limit: { max: Math.floor(MAX_TIMER_MS / 2000), why: `gaps are drawn up to twice the interval, and ${TIMER_WHY}` },
    help: "mean seconds between nemesis operations (fractions allowed)",
    origin: "maelstrom",
    section: "Faults",
    example: "5",
    inTestJson: true,
    sim: SAME,
  }),
  row({
    key: "schedule",
    long: "--schedule",
    metavar: "FILE",
    kind: textKind("the path of a fault schedule file (JSON)"),
    default: undefined,
    shown: "none",
    help: "run the faults of a schedule file in the main phase, each at its time on its nodes for its duration (partition, kill, pause, loss, latency; JSON, as the simulator's search writes them), instead of --nemesis's random schedule: give one or the other (--nemesis-interval and --nemesis-targets then have no effect); the final phase heals them as it heals --nemesis; with a pause or latency fault, a reply to a client closed meanwhile is dropped, where Maelstrom would stop reading the node",
    origin: "ours",
    notInMaelstrom: "our fault schedules; Maelstrom's nemesis is random, and only partitions",
    section: "Faults",
    example: "schedule.json",
    sim: SAME,
  }),
  row({
    key: "availability",
    long: "--availability",
    metavar: "EXPECTED",
    kind: availabilityKind,
    default: undefined,
    shown: "none",
    help: "require this fraction (0 to 1) of operations to succeed, or total for all of them",
    origin: "maelstrom",
    section: "Checking",
    example: "0.9",
    sim: SAME,
  }),
  row({ key: "logStderr", long: "--log-stderr", kind: flag, default: false, shown: "off", help: "also copy every node stderr line into the log", origin: "maelstrom", section: "Logging", sim: { use: "adapted", note: "copies each node's log lines (what it would write to stderr) into the log" } }),
  row({ key: "logNetSend", long: "--log-net-send", kind: flag, default: false, shown: "off", help: "log every message as it is sent", origin: "maelstrom", section: "Logging", sim: SAME }),
  row({ key: "logNetRecv", long: "--log-net-recv", kind: flag, default: false, shown: "off", help: "log every message as it is delivered", origin: "maelstrom", section: "Logging", sim: SAME }),
  row({
    key: "seed",
    long: "--seed",
    metavar: "N",
    kind: integerKind(0, 0xffff_ffff, "an integer from 0 to 4294967295"),
    default: undefined,
    shown: "random, printed",
    help: "seed for every random choice of the run, an integer from 0 to 4294967295",
    origin: "ours",
    notInMaelstrom: "our harness's random seed; Maelstrom has no seed option, and its runs are not reproducible",
    section: "Output and runs",
    example: "42",
    inTestJson: true,
    sim: SAME,
  }),
  row({
    key: "storeDir",
    long: "--store",
    metavar: "DIR",
    kind: textKind("a directory"),
    default: "store",
    shown: "store",
    help: "directory the runs are written under, each in <workload>/<start time>/; as in Maelstrom, <store>/current points at the run in progress and <store>/latest (and <store>/<workload>/latest) at the run that ended last",
    origin: "ours",
    notInMaelstrom: "where our harness writes; Maelstrom always writes to store/ in its working directory",
    section: "Output and runs",
    example: "store",
    sim: SAME,
  }),
  row({ key: "leaveDbRunning", long: "--leave-db-running", kind: flag, default: false, shown: "off", help: "do not stop the nodes at the end of the test", origin: "jepsen", section: "Output and runs", sim: { use: "none", note: "there are no processes to leave running" } }),
  row({ key: "help", long: "--help", short: "-h", kind: flag, default: false, shown: "", help: "print this help and exit", origin: "jepsen", section: "Output and runs", sim: SAME }),
  row({
    key: "consistencyModels",
    long: "--consistency-models",
    metavar: "MODELS",
    kind: setOfKind(ELLE_MODELS, "consistency models (Elle's names)", "name at least one model, e.g. read-committed"),
    default: ["strict-serializable"] as string[],
    shown: "strict-serializable",
    help: "txn workloads: comma-separated consistency models to check",
    origin: "compat",
    section: COMPAT,
    example: "serializable",
    sim: SAME,
  }),
  row({ key: "keyCount", long: "--key-count", metavar: "INT", kind: integerKind(1), default: undefined, shown: "none", help: "txn/kafka workloads: keys to test at once (positive)", origin: "compat", section: COMPAT, example: "10", sim: SAME }),
  row({ key: "maxTxnLength", long: "--max-txn-length", metavar: "INT", kind: integerKind(1), default: 4, shown: "4", help: "txn workloads: most operations per transaction (positive)", origin: "compat", section: COMPAT, example: "4", sim: SAME }),
  row({ key: "maxWritesPerKey", long: "--max-writes-per-key", metavar: "INT", kind: integerKind(1), default: 16, shown: "16", help: "txn/kafka workloads: most writes to one key (positive)", origin: "compat", section: COMPAT, example: "16", sim: SAME }),
  row({ key: "loggingJson", long: "--logging-json", kind: flag, default: false, shown: "off", help: "Jepsen: JSON-structured log", origin: "ignored", section: COMPAT, sim: SAME }),
  row({ key: "username", long: "--username", metavar: "USER", kind: ignoredText, default: undefined, shown: "root", help: "Jepsen: SSH user", origin: "ignored", section: COMPAT, example: "root", sim: SAME }),
  row({ key: "password", long: "--password", metavar: "PASS", kind: ignoredText, default: undefined, shown: "root", help: "Jepsen: sudo password", origin: "ignored", section: COMPAT, example: "root", sim: SAME }),
  row({ key: "strictHostKeyChecking", long: "--strict-host-key-checking", kind: flag, default: false, shown: "off", help: "Jepsen: SSH host key checks", origin: "ignored", section: COMPAT, sim: SAME }),
  row({ key: "noSsh", long: "--no-ssh", kind: flag, default: false, shown: "off", help: "Jepsen: skip SSH", origin: "ignored", section: COMPAT, sim: SAME }),
  row({ key: "sshPrivateKey", long: "--ssh-private-key", metavar: "FILE", kind: ignoredText, default: undefined, shown: "none", help: "Jepsen: SSH identity file", origin: "ignored", section: COMPAT, example: "id_rsa", sim: SAME }),
] as const;

export type AnyOptionRow = (typeof OPTIONS)[number];
export type OptionKey = AnyOptionRow["key"];

/** Each option's value as read (or its default), by key. */
export type OptionValues = { [R in AnyOptionRow as R["key"]]: (R["kind"] extends ValueKind<infer T, infer _In> ? T : never) | R["default"] };

/** Options given in code (testOptions): any subset, by key, plus the node program's arguments. */
export type TestOptionsInput = { [R in AnyOptionRow as R["key"]]?: R["kind"] extends ValueKind<infer _T, infer In> ? In : never } & { binArgs?: readonly string[] };

/** The row of a long or short option name. */
export const OPTION_BY_NAME: ReadonlyMap<string, AnyOptionRow> = new Map(OPTIONS.flatMap((o): [string, AnyOptionRow][] => ("short" in o && o.short ? [[o.long, o], [o.short, o]] : [[o.long, o]])));

/** Every option name, long and short. */
export const OPTION_NAMES: readonly string[] = [...OPTION_BY_NAME.keys()];

/** Every option's default, by key. */
export function defaultValues(): OptionValues {
  const out: Record<string, unknown> = {};
  for (const o of OPTIONS) out[o.key] = structuredClone(o.default);
  return out as OptionValues;
}
