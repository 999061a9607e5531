/**
 * The command line of `maelstrom test`, with Maelstrom's option names,
 * defaults and validation (MAELSTROM.md §2.2), plus a few options of our own
 * (marked [+] in TEST_USAGE).
 *
 * parseTestArgs is pure except that `--nodes-file` is read through `io`.
 */

import { readFileSync } from "node:fs";
import { type LatencyDist, latencyDists, latencySpecProblem } from "../network/latency.js";
import { closest } from "./options/did-you-mean.js";
import { decimal, integer, oneOf, type Parsed } from "./options/values.js";
import { type TopologyKind, topologyKinds } from "../topology.js";
import { MAX_TIMER_MS } from "../../lib/runtime/clock.js";

/** Every workload name Maelstrom's `-w/--workload` accepts. */
export const MAELSTROM_WORKLOADS = [
  "broadcast",
  "echo",
  "g-counter",
  "g-set",
  "kafka",
  "lin-kv",
  "pn-counter",
  "txn-list-append",
  "txn-rw-register",
  "unique-ids",
] as const;
export type Workload = (typeof MAELSTROM_WORKLOADS)[number];

/** The workloads this harness can actually run. parseTestArgs accepts all of MAELSTROM_WORKLOADS. */
export const IMPLEMENTED_WORKLOADS: readonly Workload[] = ["echo", "broadcast"];

/** The only fault Maelstrom's `--nemesis` accepts. */
export const NEMESIS_FAULTS = ["partition"] as const;
export type NemesisFault = (typeof NEMESIS_FAULTS)[number];

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

/** Ids Maelstrom gives its services; a server node may not use them. */
const SERVICE_IDS = ["lin-kv", "seq-kv", "lww-kv", "lin-tso"];

export interface TestOptions {
  /** `--bin`: the node program, as given (not resolved to an absolute path). */
  bin: string;
  /** Non-option arguments and everything after `--`, in order: the node program's argv. */
  binArgs: string[];
  /** `-w/--workload`. May be one this harness does not implement; see IMPLEMENTED_WORKLOADS. */
  workload: Workload;
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
  /** `--nemesis`: the faults to inject, without duplicates; `[]` for none. */
  nemesis: NemesisFault[];
  /** `--nemesis-interval`: mean seconds between nemesis operations (> 0). */
  nemesisInterval: number;
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
  /** `--store` (beyond Maelstrom): where runs are written. */
  storeDir: string;
  /** Options Maelstrom's txn and kafka workloads read; parsed and validated for compatibility, unused here. */
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

export type TestArgsResult =
  | { ok: true; help: true }
  | { ok: true; help: false; options: TestOptions }
  | { ok: false; error: string };

/** How parseTestArgs reads `--nodes-file`. */
export interface TestArgsIo {
  readFile(path: string): string;
}

const defaultIo: TestArgsIo = { readFile: (path) => readFileSync(path, "utf8") };

// ---------------------------------------------------------------------------
// The option table. It drives both parsing and TEST_USAGE.

type Origin = "maelstrom" | "jepsen" | "beyond" | "compat" | "ignored";

interface OptionSpec {
  long: string;
  short?: string;
  /** The value's placeholder; absent for flags. */
  metavar?: string;
  /** The default, as shown in the help. */
  def: string;
  help: string;
  origin: Origin;
  section: string;
  /** A sample value, for "missing value" messages. */
  example?: string;
  /** Numbers only: the largest value accepted (and, for --rate, the smallest above 0), and why. Shown in the help and checked after parsing. */
  limit?: Limit;
}

interface Limit {
  max: number;
  /** When set, 0 is accepted and otherwise values must be at least this. */
  minAboveZero?: number;
  why: string;
}

const SECTIONS = ["Test", "Nodes", "Network", "Faults", "Checking", "Logging", "Output and runs", "Accepted for compatibility, no effect here"];

const OPTIONS: readonly OptionSpec[] = [
  { long: "--bin", metavar: "FILE", def: "required", help: "the program to run for every node", origin: "maelstrom", section: "Test", example: "./my-node" },
  {
    long: "--workload",
    short: "-w",
    metavar: "NAME",
    def: "lin-kv",
    help: `what to test: ${MAELSTROM_WORKLOADS.join(", ")}. This harness implements ${IMPLEMENTED_WORKLOADS.join(" and ")}`,
    origin: "maelstrom",
    section: "Test",
    example: "echo",
  },
  { long: "--time-limit", metavar: "SECONDS", def: "60", help: "length of the main phase, in seconds (fractions allowed here; Maelstrom takes whole seconds)", origin: "jepsen", section: "Test", example: "10", limit: { max: Math.floor(MAX_TIMER_MS / 1000), why: TIMER_WHY } },
  { long: "--rate", metavar: "RATE", def: "5", help: "target client operations per second, across all clients; 0 means no client operations", origin: "maelstrom", section: "Test", example: "10", limit: { max: 1_000_000, minAboveZero: 0.000001, why: `gaps between ops are drawn up to 2/rate s, and ${TIMER_WHY}` } },
  { long: "--concurrency", metavar: "N[n]", def: "1n", help: "client worker threads; a trailing n multiplies by the node count (e.g. 2n)", origin: "jepsen", section: "Test", example: "2n", limit: { max: MAX_CONCURRENCY, why: "each thread is a client with its own timers" } },
  { long: "--test-count", metavar: "N", def: "1", help: "how many times to run the test", origin: "jepsen", section: "Test", example: "3", limit: { max: 10_000, why: "a sane maximum" } },
  { long: "--node-count", metavar: "NUM", def: "none", help: "run NUM nodes named n0 … n(NUM-1) (zero-based); replaces --nodes and the default list", origin: "maelstrom", section: "Nodes", example: "3", limit: { max: MAX_NODE_COUNT, why: "every node is a process" } },
  { long: "--node", short: "-n", metavar: "HOST", def: "n1 n2 n3 n4 n5", help: "a node id; repeat for more. The default list is used only when no node option is given", origin: "jepsen", section: "Nodes", example: "n1" },
  { long: "--nodes", metavar: "LIST", def: "none", help: "comma-separated node ids", origin: "jepsen", section: "Nodes", example: "n1,n2,n3" },
  { long: "--nodes-file", metavar: "FILE", def: "none", help: "a file of node ids, one per line; its ids come first, then --nodes (or --node-count), then -n", origin: "jepsen", section: "Nodes", example: "nodes.txt" },
  { long: "--latency", metavar: "MILLIS", def: "0", help: "mean one-way latency of server-to-server and server-to-service messages, in whole ms", origin: "maelstrom", section: "Network", example: "10", limit: { max: 3_600_000, why: `an exponential draw can reach 37 times the mean, and ${TIMER_WHY}` } },
  { long: "--latency-dist", metavar: "TYPE", def: "constant", help: `${latencyDists.join(", ")}; uniform and exponential need --latency above 0`, origin: "maelstrom", section: "Network", example: "uniform" },
  { long: "--topology", metavar: "SPEC", def: "grid", help: `${topologyKinds.join(", ")}; the neighbour map sent to broadcast nodes`, origin: "maelstrom", section: "Network", example: "tree4" },
  { long: "--nemesis", metavar: "FAULTS", def: "none", help: `comma-separated faults to inject; the only fault is ${NEMESIS_FAULTS.join(", ")}`, origin: "maelstrom", section: "Faults", example: "partition" },
  { long: "--nemesis-interval", metavar: "SECONDS", def: "10", help: "mean seconds between nemesis operations (fractions allowed)", origin: "maelstrom", section: "Faults", example: "5", limit: { max: Math.floor(MAX_TIMER_MS / 2000), why: `gaps are drawn up to twice the interval, and ${TIMER_WHY}` } },
  { long: "--availability", metavar: "EXPECTED", def: "none", help: "require this fraction (0 to 1) of operations to succeed, or total for all of them", origin: "maelstrom", section: "Checking", example: "0.9" },
  { long: "--log-stderr", def: "off", help: "also copy every node stderr line into the log", origin: "maelstrom", section: "Logging" },
  { long: "--log-net-send", def: "off", help: "log every message as it is sent", origin: "maelstrom", section: "Logging" },
  { long: "--log-net-recv", def: "off", help: "log every message as it is delivered", origin: "maelstrom", section: "Logging" },
  { long: "--seed", metavar: "N", def: "random, printed", help: "seed for every random choice of the run, an integer from 0 to 4294967295", origin: "beyond", section: "Output and runs", example: "42" },
  { long: "--store", metavar: "DIR", def: "store", help: "directory the runs are written under", origin: "beyond", section: "Output and runs", example: "store" },
  { long: "--leave-db-running", def: "off", help: "do not stop the nodes at the end of the test", origin: "jepsen", section: "Output and runs" },
  { long: "--help", short: "-h", def: "", help: "print this help and exit", origin: "jepsen", section: "Output and runs" },
  { long: "--consistency-models", metavar: "MODELS", def: "strict-serializable", help: "txn workloads: comma-separated consistency models to check", origin: "compat", section: SECTIONS[7]!, example: "serializable" },
  { long: "--key-count", metavar: "INT", def: "none", help: "txn/kafka workloads: keys to test at once (positive)", origin: "compat", section: SECTIONS[7]!, example: "10" },
  { long: "--max-txn-length", metavar: "INT", def: "4", help: "txn workloads: most operations per transaction (positive)", origin: "compat", section: SECTIONS[7]!, example: "4" },
  { long: "--max-writes-per-key", metavar: "INT", def: "16", help: "txn/kafka workloads: most writes to one key (positive)", origin: "compat", section: SECTIONS[7]!, example: "16" },
  { long: "--logging-json", def: "off", help: "Jepsen: JSON-structured log", origin: "ignored", section: SECTIONS[7]! },
  { long: "--username", metavar: "USER", def: "root", help: "Jepsen: SSH user", origin: "ignored", section: SECTIONS[7]!, example: "root" },
  { long: "--password", metavar: "PASS", def: "root", help: "Jepsen: sudo password", origin: "ignored", section: SECTIONS[7]!, example: "root" },
  { long: "--strict-host-key-checking", def: "off", help: "Jepsen: SSH host key checks", origin: "ignored", section: SECTIONS[7]! },
  { long: "--no-ssh", def: "off", help: "Jepsen: skip SSH", origin: "ignored", section: SECTIONS[7]! },
  { long: "--ssh-private-key", metavar: "FILE", def: "none", help: "Jepsen: SSH identity file", origin: "ignored", section: SECTIONS[7]!, example: "id_rsa" },
];

const BY_NAME = new Map<string, OptionSpec>();
for (const o of OPTIONS) {
  BY_NAME.set(o.long, o);
  if (o.short) BY_NAME.set(o.short, o);
}
const ALL_NAMES = OPTIONS.flatMap((o) => (o.short ? [o.long, o.short] : [o.long]));

function usage(): string {
  const label = (o: OptionSpec) => `${o.short ? `${o.short}, ` : "    "}${o.long}${o.metavar ? ` ${o.metavar}` : ""}`;
  const width = Math.max(...OPTIONS.map((o) => label(o).length)) + 2;
  const lines = [
    "Usage: maelstrom test --bin FILE [OPTIONS ...] [ARGS ...] [-- ARGS ...]",
    "",
    "Runs a Maelstrom test against FILE: starts one FILE process per node, drives",
    "the workload's clients and faults, checks the history and writes the run",
    "under --store. Arguments that are not options, and everything after --, are",
    "passed to FILE as its own arguments. Options take their value as --opt VALUE",
    "or --opt=VALUE. Options marked [+] go beyond Maelstrom; the others follow",
    "Maelstrom except where their text says otherwise. Node ids must be distinct",
    "and may not start with c (Maelstrom's client ids). Times are in seconds,",
    "latencies in milliseconds.",
  ];
  for (const section of SECTIONS) {
    lines.push("", `${section}:`);
    for (const o of OPTIONS.filter((x) => x.section === section)) {
      const mark = o.origin === "beyond" ? "[+] " : "";
      // Non-breaking spaces keep "(default: x)" on one line; wrap() splits only at plain spaces.
      const def = o.def === "" ? "" : o.def === "required" ? " (required)" : ` (default:\u00a0${o.def.replace(/ /g, "\u00a0")})`;
      const limit = o.limit ? `; at most\u00a0${o.limit.max}${o.limit.minAboveZero !== undefined ? ` and 0 or at least\u00a0${o.limit.minAboveZero.toFixed(6)}` : ""}` : "";
      const text = wrap(`${mark}${o.help}${limit}${def}`, USAGE_WIDTH - 2 - width);
      text.forEach((chunk, k) => lines.push(`  ${(k === 0 ? label(o) : "").padEnd(width)}${chunk.replace(/\u00a0/g, " ")}`));
    }
  }
  return lines.join("\n") + "\n";
}

const USAGE_WIDTH = 80;

/** Splits text at spaces into lines of at most `width` characters (longer words stay whole). */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") out.push(line);
  return out;
}

/** The help text of `maelstrom test`, listing every option with its default. */
export const TEST_USAGE: string = usage();

// ---------------------------------------------------------------------------
// Parsing.

/** The options as they are being read: those resolved at the end (bin, nodes, concurrency) are still raw. */
type Draft = Omit<TestOptions, "bin" | "nodes" | "concurrency"> & {
  bin?: string;
  nodeCount?: number;
  nodeFlags?: string[];
  nodesList?: string[];
  nodesFile?: string;
  concurrency: { n: number; perNode: boolean };
};

function freshDraft(): Draft {
  return {
    binArgs: [],
    workload: "lin-kv",
    concurrency: { n: 1, perNode: true },
    rate: 5,
    timeLimit: 60,
    latency: { mean: 0, dist: "constant" },
    nemesis: [],
    nemesisInterval: 10,
    topology: "grid",
    availability: undefined,
    logStderr: false,
    logNetSend: false,
    logNetRecv: false,
    testCount: 1,
    leaveDbRunning: false,
    seed: undefined,
    storeDir: "store",
    compat: { keyCount: undefined, maxTxnLength: 4, maxWritesPerKey: 16, consistencyModels: ["strict-serializable"] },
  };
}

type Apply = (value: string, d: Draft) => Parsed<unknown>;

const ok = { ok: true, value: undefined } as const;
const set =
  <T>(parse: (value: string) => Parsed<T>, put: (d: Draft, v: T) => void): Apply =>
  (value, d) => {
    const p = parse(value);
    if (p.ok) put(d, p.value);
    return p;
  };
const nonEmpty = (expected: string) => (value: string): Parsed<string> => (value === "" ? { ok: false, expected } : { ok: true, value });
const positiveInt = (value: string) => integer(value, 1);
const positiveNumber = (value: string) => decimal(value, "a number > 0", (n) => n > 0);
const commaList = (expected: string) => (value: string): Parsed<string[]> => {
  const items = value.trim().split(/\s*,\s*/);
  return items.some((x) => x === "") ? { ok: false, expected } : { ok: true, value: items };
};

const VALUE_OPTIONS: Record<string, Apply> = {
  "--bin": set(nonEmpty("the path of the node program"), (d, v) => (d.bin = v)),
  "--workload": set((v) => oneOf(v, MAELSTROM_WORKLOADS), (d, v) => (d.workload = v)),
  "--time-limit": set(positiveNumber, (d, v) => (d.timeLimit = v)),
  "--rate": set((v) => decimal(v, "a number >= 0", (n) => n >= 0), (d, v) => (d.rate = v)),
  "--concurrency": set(
    (v): Parsed<{ n: number; perNode: boolean }> => {
      const m = /^(\d+)(n?)$/.exec(v);
      const n = m ? Number(m[1]) : NaN;
      if (!m || !Number.isSafeInteger(n) || n < 1) return { ok: false, expected: "a positive integer, optionally followed by n (e.g. 4 or 2n)" };
      return { ok: true, value: { n, perNode: m[2] === "n" } };
    },
    (d, v) => (d.concurrency = v),
  ),
  "--test-count": set(positiveInt, (d, v) => (d.testCount = v)),
  "--node-count": set((v) => integer(v, 1, MAX_NODE_COUNT, `an integer from 1 to ${MAX_NODE_COUNT}`), (d, v) => (d.nodeCount = v)),
  "--node": set(nonEmpty("a node id"), (d, v) => (d.nodeFlags = [...(d.nodeFlags ?? []), v])),
  "--nodes": set(commaList("comma-separated node ids, none of them empty (e.g. n1,n2,n3)"), (d, v) => (d.nodesList = v)),
  "--nodes-file": set(nonEmpty("the path of a file of node ids"), (d, v) => (d.nodesFile = v)),
  "--latency": set((v) => integer(v, 0, Number.MAX_SAFE_INTEGER, "a whole number of milliseconds >= 0"), (d, v) => (d.latency.mean = v)),
  "--latency-dist": set((v) => oneOf(v, latencyDists), (d, v) => (d.latency.dist = v)),
  "--topology": set((v) => oneOf(v, topologyKinds), (d, v) => (d.topology = v)),
  "--nemesis": set(
    (v): Parsed<NemesisFault[]> => {
      const items = v.trim().split(/\s*,\s*/);
      const bad = items.find((x) => !(NEMESIS_FAULTS as readonly string[]).includes(x));
      if (bad !== undefined) {
        const expected = `a comma-separated list of faults from: ${NEMESIS_FAULTS.join(", ")}`;
        if (bad === "" || bad === "none") return { ok: false, expected, hint: "to inject no faults, leave --nemesis out" };
        const near = closest(bad, NEMESIS_FAULTS);
        return near === undefined ? { ok: false, expected } : { ok: false, expected, hint: `did you mean ${near}?` };
      }
      return { ok: true, value: [...new Set(items)] as NemesisFault[] };
    },
    (d, v) => (d.nemesis = v),
  ),
  "--nemesis-interval": set((v) => decimal(v, "a number of seconds > 0", (n) => n > 0), (d, v) => (d.nemesisInterval = v)),
  "--availability": set(
    (v): Parsed<"total" | number> => (v === "total" ? { ok: true, value: "total" } : decimal(v, "total or a number from 0 to 1", (n) => n >= 0 && n <= 1)),
    (d, v) => (d.availability = v),
  ),
  "--seed": set((v) => integer(v, 0, 0xffff_ffff, "an integer from 0 to 4294967295"), (d, v) => (d.seed = v)),
  "--store": set(nonEmpty("a directory"), (d, v) => (d.storeDir = v)),
  "--consistency-models": set(commaList("comma-separated consistency model names, e.g. serializable"), (d, v) => (d.compat.consistencyModels = v)),
  "--key-count": set(positiveInt, (d, v) => (d.compat.keyCount = v)),
  "--max-txn-length": set(positiveInt, (d, v) => (d.compat.maxTxnLength = v)),
  "--max-writes-per-key": set(positiveInt, (d, v) => (d.compat.maxWritesPerKey = v)),
  "--username": () => ok,
  "--password": () => ok,
  "--ssh-private-key": () => ok,
};

const FLAG_OPTIONS: Record<string, (d: Draft) => void> = {
  "--log-stderr": (d) => (d.logStderr = true),
  "--log-net-send": (d) => (d.logNetSend = true),
  "--log-net-recv": (d) => (d.logNetRecv = true),
  "--leave-db-running": (d) => (d.leaveDbRunning = true),
  "--help": () => {},
  "--logging-json": () => {},
  "--strict-host-key-checking": () => {},
  "--no-ssh": () => {},
};

const q = (s: string) => JSON.stringify(s);

/**
 * Parses the arguments of `maelstrom test` (argv without the word `test`).
 *
 * - `-h`/`--help` anywhere before `--` gives `{ ok: true, help: true }`, even
 *   when other arguments are wrong (as in Jepsen).
 * - Otherwise the first problem, in argument order, gives `{ ok: false, error }`
 *   with a one-line message naming the option, the bad value and what is
 *   expected; checks that involve several options (--bin missing, the node
 *   list, --concurrency, --latency with --latency-dist) come after.
 * - A later occurrence of an option replaces an earlier one, except `-n/--node`,
 *   which accumulates.
 */
export function parseTestArgs(argv: readonly string[], io: TestArgsIo = defaultIo): TestArgsResult {
  const d = freshDraft();
  let help = false;
  let firstError: string | undefined;
  const fail = (msg: string) => {
    firstError ??= msg;
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      d.binArgs.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      d.binArgs.push(arg);
      continue;
    }

    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const spec = BY_NAME.get(name);
    if (spec === undefined) {
      const hint = closest(name, ALL_NAMES);
      fail(`unknown option ${q(name)}${hint ? ` (did you mean ${hint}?)` : ""}; run with --help to see the options`);
      continue;
    }

    const flag = FLAG_OPTIONS[spec.long];
    if (flag !== undefined) {
      if (inline !== undefined) {
        fail(`${spec.long}: takes no value, got ${q(arg)}; write just ${spec.long}`);
        continue;
      }
      if (spec.long === "--help") help = true;
      flag(d);
      continue;
    }

    let value: string;
    if (inline !== undefined) {
      value = inline;
    } else {
      const next = argv[i + 1];
      // A following option (anything starting with --, or a known short
      // option) means the value was left out; a value that looks like an
      // option can still be given as --opt=VALUE.
      if (next === undefined || next.startsWith("--") || BY_NAME.has(next)) {
        const after = next === undefined ? "it is the last argument" : `the next argument is ${q(next)}`;
        fail(`${spec.long}: missing value (${after}); expected ${spec.metavar}, as in ${spec.long} ${spec.example ?? spec.metavar}`);
        continue;
      }
      value = next;
      i++;
    }
    const result = VALUE_OPTIONS[spec.long]!(value, d);
    if (!result.ok) fail(`${spec.long}: expected ${result.expected}, got ${q(value)}${result.hint ? `; ${result.hint}` : ""}`);
    else if (spec.limit !== undefined) {
      const problem = limitProblem(spec.limit, numberIn(result.value));
      if (problem !== undefined) fail(`${spec.long}: expected ${problem}, got ${q(value)}`);
    }
  }

  if (help) return { ok: true, help: true };
  if (firstError !== undefined) return { ok: false, error: firstError };

  if (d.bin === undefined) return { ok: false, error: "--bin: missing; expected the node program to test, as in --bin ./my-node" };

  const nodes = resolveNodes(d, io);
  if (!nodes.ok) return { ok: false, error: nodes.error };

  const concurrency = d.concurrency.perNode ? d.concurrency.n * nodes.value.length : d.concurrency.n;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    return { ok: false, error: `--concurrency: ${d.concurrency.n}n with ${nodes.value.length} nodes gives ${concurrency} client threads; expected ${concurrency < 1 ? "at least 1" : limitProblem(BY_NAME.get("--concurrency")!.limit!, concurrency)}` };
  }

  const { latency } = d;
  if (latencySpecProblem(latency) !== undefined) {
    return {
      ok: false,
      error: `--latency-dist: expected constant when --latency is ${latency.mean}, got ${q(latency.dist)}; uniform and exponential need --latency above 0 (Maelstrom fails at start-up with this combination too)`,
    };
  }

  const { nodeCount: _c, nodeFlags: _f, nodesList: _l, nodesFile: _n, ...rest } = d;
  return { ok: true, help: false, options: { ...rest, bin: d.bin, nodes: nodes.value, concurrency } };
}

/** Why `n` is outside `limit` (what was expected, with the reason), or undefined. */
function limitProblem(limit: Limit, n: number): string | undefined {
  const low = limit.minAboveZero;
  if (n <= limit.max && (low === undefined || n === 0 || n >= low)) return undefined;
  const range = low === undefined ? `at most ${limit.max}` : `0, or from ${low.toFixed(6)} to ${limit.max}`;
  return `${range} (${limit.why})`;
}

/** The number a parsed option value stands for (--concurrency parses to {n, perNode}). */
function numberIn(v: unknown): number {
  return typeof v === "number" ? v : (v as { n: number }).n;
}

/**
 * The node list, as Maelstrom and Jepsen build it (MAELSTROM.md §2.2):
 * `--node-count N` replaces `--nodes` with n0 … n(N−1); then the ids of
 * `--nodes-file`, that list, and the `-n` ids are joined, in this order. The
 * default n1 … n5 stands in for `-n` only when no `-n` was given and neither
 * a list nor a file was. Beyond Maelstrom, the ids are checked (see nodeIdProblem).
 */
function resolveNodes(d: Draft, io: TestArgsIo): { ok: true; value: string[] } | { ok: false; error: string } {
  const entries: { id: string; from: string }[] = [];
  if (d.nodesFile !== undefined) {
    let text: string;
    try {
      text = io.readFile(d.nodesFile);
    } catch (e) {
      const why = (e instanceof Error ? e.message : String(e)).split("\n")[0];
      return { ok: false, error: `--nodes-file: cannot read ${q(d.nodesFile)}: ${why}` };
    }
    for (const line of text.split(/\r?\n/)) {
      const id = line.trim();
      if (id !== "") entries.push({ id, from: "--nodes-file" });
    }
  }
  const list = d.nodeCount !== undefined ? Array.from({ length: d.nodeCount }, (_, k) => `n${k}`) : d.nodesList;
  const listFrom = d.nodeCount !== undefined ? "--node-count" : "--nodes";
  for (const id of list ?? []) entries.push({ id, from: listFrom });
  const override = list !== undefined || d.nodesFile !== undefined;
  const flags = d.nodeFlags ?? (override ? [] : DEFAULT_NODES);
  for (const id of flags) entries.push({ id, from: "--node" });

  if (entries.length === 0) return { ok: false, error: `--nodes-file: ${q(d.nodesFile ?? "")} lists no node ids, and no other node option gives any; expected at least one node` };
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
  if (SERVICE_IDS.includes(id)) return `is the id of a Maelstrom service (${SERVICE_IDS.join(", ")}); expected another name`;
  return undefined;
}

/**
 * The message to print when `workload` parses (Maelstrom has it) but this
 * harness cannot run it, or undefined when it can.
 */
export function unimplementedWorkloadError(workload: Workload): string | undefined {
  if (IMPLEMENTED_WORKLOADS.includes(workload)) return undefined;
  return `--workload: Maelstrom's ${q(workload)} workload is not implemented by this harness; expected one of ${IMPLEMENTED_WORKLOADS.join(", ")} (the default is lin-kv, as in Maelstrom, so pass -w, e.g. -w echo)`;
}
