// The command line of `npm run sim -- search`: the search's own options, taken
// out of the arguments; everything else is the test's, read by the option
// table as `npm run sim -- test` reads it. Pure: no files, no exits.
import { commandName } from "../../maelstrom-workloads/options/command-name.js";
import { availableParallelism } from "node:os";
import { FAULT_KINDS, type FaultKind } from "../../maelstrom-workloads/nemesis/fault-schedule.js";
import { integer } from "../../maelstrom-workloads/options/values.js";
import { SEARCH_DEFAULTS } from "../../maelstrom-workloads/sim/search/search.js";

export interface SearchArgs {
  /** Cases to run (per shard). */
  budget: number;
  shard: { index: number; count: number };
  workers: number;
  /** undefined: pick one and print it. */
  seed: number | undefined;
  /** Every case's run seed; undefined: each case its own, from the search seed. */
  runSeed: number | undefined;
  /** undefined: partition, kill, pause, loss, and latency when --latency is above 0. */
  faults: FaultKind[] | undefined;
  maxFaults: number;
  maxShrinkRuns: number;
  /** Where the findings file goes; undefined: the search's folder in the store. */
  findings: string | undefined;
  /** The test's arguments, in order (with the node program's after --). */
  testArgs: string[];
}


const SEED_MAX = 0xffff_ffff;

type Setter = (value: string, a: SearchArgs) => string | undefined;
const int = (min: number, max: number, set: (a: SearchArgs, n: number) => void): Setter => (v, a) => {
  const p = integer(v, min, max);
  if (!p.ok) return `expected ${p.expected}`;
  set(a, p.value);
  return undefined;
};

/** The search's own options: name -> how its value is read (an error text, or undefined when set). */
const OPTIONS: Record<string, { metavar: string; set: Setter }> = {
  "--budget": { metavar: "N", set: int(1, 100_000_000, (a, n) => (a.budget = n)) },
  "--shard": {
    metavar: "I/N",
    set: (v, a) => {
      const m = /^(\d+)\/(\d+)$/.exec(v);
      const [i, n] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
      if (!m || !(n >= 1 && n <= 100_000) || !(i >= 1 && i <= n)) return "expected I/N with 1 <= I <= N <= 100000, such as 2/8 (shard 2 of 8)";
      a.shard = { index: i, count: n };
      return undefined;
    },
  },
  "--workers": { metavar: "K", set: int(1, 1024, (a, n) => (a.workers = n)) },
  "--seed": { metavar: "S", set: int(0, SEED_MAX, (a, n) => (a.seed = n)) },
  "--run-seed": { metavar: "N", set: int(0, SEED_MAX, (a, n) => (a.runSeed = n)) },
  "--faults": {
    metavar: "KINDS",
    set: (v, a) => {
      const kinds = v.split(",").map((s) => s.trim());
      const bad = kinds.find((k) => !(FAULT_KINDS as readonly string[]).includes(k));
      if (bad !== undefined) return `expected a comma-separated list of ${FAULT_KINDS.join(", ")}; ${JSON.stringify(bad)} is none of them`;
      a.faults = [...new Set(kinds as FaultKind[])];
      return undefined;
    },
  },
  "--max-faults": { metavar: "N", set: int(1, 100, (a, n) => (a.maxFaults = n)) },
  "--max-shrink-runs": { metavar: "N", set: int(0, 100_000_000, (a, n) => (a.maxShrinkRuns = n)) },
  "--findings": {
    metavar: "FILE",
    set: (v, a) => {
      if (v === "") return "expected a file name";
      a.findings = v;
      return undefined;
    },
  },
};

/** Test options the search refuses, and why. */
const REFUSED: Record<string, string> = {
  "--nemesis": "the search draws its own faults; choose their kinds with --faults (and how many nodes a kill or pause hits with --nemesis-targets)",
  "--schedule": `the search writes schedules; to run one, use ${commandName("sim")} test --schedule FILE`,
  "--test-count": "each schedule is run once (a simulated run repeats exactly); use --budget for the number of runs",
  "--nemesis-interval": "the search's faults come at the times it draws; --nemesis-interval has no effect",
};

export type ParsedSearchArgs = { ok: true; help: true } | { ok: true; help: false; args: SearchArgs } | { ok: false; error: string };

/** Splits the search's options from the test's and reads them; the first problem is an error naming the option and the value. */
export function parseSearchArgs(argv: readonly string[]): ParsedSearchArgs {
  // -h anywhere before -- is help, even when other arguments are wrong (as for npm run sim -- test).
  const end = argv.indexOf("--");
  if ((end < 0 ? argv : argv.slice(0, end)).some((x) => x === "-h" || x === "--help")) return { ok: true, help: true };
  const a: SearchArgs = { budget: SEARCH_DEFAULTS.budget, shard: { index: 1, count: 1 }, workers: availableParallelism(), seed: undefined, runSeed: undefined, faults: undefined, maxFaults: SEARCH_DEFAULTS.maxFaults, maxShrinkRuns: SEARCH_DEFAULTS.maxShrinkRuns, findings: undefined, testArgs: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      a.testArgs.push(...argv.slice(i));
      break;
    }
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    if (name in REFUSED) return { ok: false, error: `${name}: ${REFUSED[name]}` };
    const opt = OPTIONS[name];
    if (!opt) {
      a.testArgs.push(arg);
      continue;
    }
    let value: string | undefined = eq > 0 && name !== arg ? arg.slice(eq + 1) : argv[i + 1];
    if (!(eq > 0 && name !== arg)) {
      if (value === undefined || value.startsWith("--")) return { ok: false, error: `${name}: missing value; expected ${opt.metavar}` };
      i++;
    }
    const problem = opt.set(value!, a);
    if (problem !== undefined) return { ok: false, error: `${name}: ${problem}, got ${JSON.stringify(value)}` };
  }
  return { ok: true, help: false, args: a };
}

export const SEARCH_USAGE = `Usage: ${commandName("sim")} search -w <workload> --bin <node program> [search options] [test options]

Searches for a fault schedule that breaks a node program: draws schedules of
faults (partitions of each kind, kills, pauses, loss bursts, latency changes,
each with its time, targets and duration) with fast-check, runs each in the
simulator with the test options given, and stops at the first run that is
invalid (or crashes). It then shrinks that schedule with fast-check's shrinking
to a small one, writes it as a schedule file, replays it in a normal store to
check that it fails the same way (the same history.jsonl, byte for byte), and
prints it one fault per line with the command line that replays it.

Search options:
  --budget N           schedules to run (per shard) before giving up (${SEARCH_DEFAULTS.budget})
  --seed S             the search's seed: the same seed draws the same schedules
                       (random, printed)
  --run-seed N         run every schedule with this run seed (default: each
                       schedule its own, drawn from the search's seed and printed
                       with a finding)
  --faults KINDS       kinds to draw, from ${FAULT_KINDS.join(",")}
                       (default: all, latency only with --latency above 0)
  --max-faults N       most faults in one schedule (${SEARCH_DEFAULTS.maxFaults})
  --max-shrink-runs N  stop shrinking after this many runs (${SEARCH_DEFAULTS.maxShrinkRuns})
  --workers K          simulations at once, one per worker thread (the cores)
  --shard I/N          run shard I of N: case numbers I-1, I-1+N, I-1+2N, ...
                       (N shards of budget B run cases 0 to N*B-1 between them)
  --findings FILE      write the findings there too (always under
                       <store>/search/<time>/findings.json); merge the files of
                       several shards with ${commandName("sim")} search-merge FILES...

Test options are those of ${commandName("sim")} test (${commandName("sim")} test --help),
except --nemesis, --schedule, --nemesis-interval and --test-count: the search
makes the faults. --nemesis-targets says how many nodes a kill or pause hits.

Exit status: 0 nothing found within the budget, 1 found (an invalid or crashed
run), 254 bad arguments, 255 the search itself failed; 130/143 interrupted.
`;
