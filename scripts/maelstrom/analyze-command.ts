// `analyze [RUN_DIR]`: judge a stored run again with today's checkers, as
// Maelstrom's `analyze` (Jepsen's analyze command) does with a stored test:
// the history from disk, the workload built from the stored options, the
// results written into the same folder.
import { commandName } from "../../maelstrom-workloads/options/command-name.js";
import { existsSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from "node:fs";
import { invocationDir } from "../../maelstrom-workloads/options/invocation-dir.js";
import { join, relative, resolve } from "node:path";
import type { CheckResult } from "../../maelstrom-workloads/checkers/check-result.js";
import { jsonText } from "../../maelstrom-workloads/model/json-text.js";
import { LATEST_LINK, RUN_FILES } from "../../maelstrom-workloads/model/store-format.js";
import { writeReport } from "../../maelstrom-workloads/report/write-report.js";
import { analyse } from "../../maelstrom-workloads/run/analyse.js";
import { describeFailure } from "../../maelstrom-workloads/run/describe-failure.js";
import { summarise } from "../../maelstrom-workloads/run/summary.js";
import { readNetStats } from "./analyze/read-net-stats.js";
import { readStoredHistory } from "./analyze/read-stored-history.js";
import { storedTest } from "./analyze/stored-test.js";
import { listRuns } from "./serve/runs.js";

/** Where the results a run had before analyze rewrote them are kept (ours: Maelstrom overwrites results.edn). */
export const PREVIOUS_RESULTS = "results.previous.json";

export const ANALYZE_USAGE = `Usage: ${commandName("maelstrom")} analyze [RUN_DIR] [options]
       ${commandName("sim")} analyze [RUN_DIR] [options]      (the same command)

Judges a stored run again with the checkers as they are now, like Maelstrom's
\`maelstrom analyze\`: reads the run's history.jsonl, builds its workload from
its test.json (and the run's command line, which test.json records, for
--availability, --membership-deadline and --membership-period), counts its
journal.jsonl for the net checker, runs the same analysis a run ends with,
writes results.json, prints the summary a run prints, and writes the run's
report files again (report.html, ...). So a fixed checker can be tried on an
old history. No node runs.

RUN_DIR is a run's folder, e.g. store/broadcast/20261121T120102.345+0000;
default store/latest. A store or workload folder means its latest run.
Relative paths are taken from the folder you ran npm in.

Options:
  -t, --test INDEX_OR_PATH  Maelstrom's: a run's folder, or its index among the
                          runs in the store by start time: 0 the first, -1 the
                          most recent (the default), -2 the one before
      --store DIR         (ours) the store -t INDEX counts in and whose latest
                          run is the default (default: store)
  -h, --help              print this help and exit

Beyond Maelstrom (ours):
- The old results.json is kept as ${PREVIOUS_RESULTS} (replaced by each
  analyze), and the summary says whether the verdict changed; Maelstrom
  overwrites results.edn.
- The exit status is the verdict, as a run's: 0 valid, 1 invalid, 2 unknown;
  Maelstrom's analyze exits 0 once it has written the results.
- Only a finished run is judged: one still running (or killed before it could
  say how it ended), crashed or interrupted has a history cut short (exit 254).
- A line of history.jsonl or journal.jsonl that is not an op or a journal event
  stops the analysis (exit 254, naming the line) rather than judging part of a
  run.
- store/latest is left alone (Maelstrom's analyze points it at the analysed test).
- test.json is left as the run wrote it (its exit-code is the run's).
- The "harness" part of results.json (the seed, how late the network delivered,
  outputs that stopped being routed) is a fact of the run, not a judgement: it
  is carried over from the old results.json; without one, lateness is null and
  no stopped outputs are listed.

Exit status: 0 valid, 1 invalid, 2 unknown; 254 bad arguments or a folder that
is not a finished run (the reason is printed); 255 results.json could not be
written or the analysis itself failed.`;

export interface AnalyzeIo {
  out(line: string): void;
  err(line: string): void;
  /** Where relative paths start: the folder npm was run from (INIT_CWD), else the working directory. */
  baseDir?: string;
}

interface AnalyzeArgs {
  target: { path: string } | { index: number } | undefined;
  store: string;
}

/** `analyze [RUN_DIR]`: the exit code. */
export async function runAnalyzeCommand(argv: readonly string[], io: AnalyzeIo): Promise<number> {
  const baseDir = io.baseDir ?? invocationDir();
  const args = parseAnalyzeArgs(argv);
  if (args === "help") {
    io.out(ANALYZE_USAGE);
    return 0;
  }
  if (typeof args === "string") {
    io.err(`analyze: ${args}\n(${commandName("maelstrom")} analyze --help)`);
    return 254;
  }
  const found = await runDir(args, baseDir);
  if ("error" in found) {
    io.err(`analyze: ${found.error}`);
    return 254;
  }
  const { dir } = found;
  const shown = relative(baseDir, dir).startsWith("..") ? dir : relative(baseDir, dir) || ".";
  const refuse = (why: string) => {
    io.err(`analyze: ${shown}: ${why}`);
    return 254;
  };

  for (const name of [RUN_FILES.test, RUN_FILES.journal] as const) {
    const problem = fileProblem(join(dir, name));
    if (problem) return refuse(`${name} ${problem}; analyze needs a run's ${RUN_FILES.history}, ${RUN_FILES.journal} and ${RUN_FILES.test}`);
  }
  let testText: string;
  try {
    testText = readFileSync(join(dir, RUN_FILES.test), "utf8");
  } catch (e) {
    return refuse(`cannot read ${RUN_FILES.test}: ${describeFailure(e)}`);
  }
  const test = storedTest(testText);
  if ("error" in test) return refuse(test.error);
  for (const note of test.notes) io.err(`analyze: note: ${note}`);

  const net = await readNetStats(join(dir, RUN_FILES.journal)).catch((e: unknown) => ({ ok: false as const, line: 0, reason: describeFailure(e) }));
  if (!net.ok) return refuse(`${RUN_FILES.journal}${net.line ? ` line ${net.line}` : ""} is not a journal event: ${net.reason}; the net checker would count part of the run`);
  const history = await readStoredHistory(join(dir, RUN_FILES.history)).catch((e: unknown) => ({ ok: false as const, line: 0, reason: describeFailure(e) }));
  if (!history.ok) return refuse(`${RUN_FILES.history}${history.line ? ` line ${history.line}` : ""} is not an op: ${history.reason}; analyze judges a whole history, never part of one`);

  if (existsSync(join(dir, RUN_FILES.results)) && fileProblem(join(dir, RUN_FILES.results)) !== undefined) return refuse(`${RUN_FILES.results} is not a regular file, so it cannot be replaced`);
  io.out(`Analysing ${shown}: ${test.workloadName}, ${test.test.nodes!.length} ${test.test.nodes!.length === 1 ? "node" : "nodes"}, seed ${test.seed}; ${history.ops.length} history entries, ${net.events} journal events`);
  const previous = previousResults(join(dir, RUN_FILES.results));
  let results: CheckResult;
  try {
    results = analyse(test.workload, history.ops, net.stats, { availability: test.availability, lateness: [], stopped: [], seed: test.seed });
  } catch (e) {
    io.err(`analyze: ${shown}: the analysis failed: ${describeFailure(e)}`);
    return 255;
  }
  if (previous.harness !== undefined) results.harness = previous.harness;
  else io.err(`analyze: note: ${previous.why}; the "harness" part of results.json has the seed only (delivery lateness and stopped outputs are not in the store otherwise)`);

  try {
    if (previous.exists) renameSync(join(dir, RUN_FILES.results), join(dir, PREVIOUS_RESULTS));
    writeFileSync(join(dir, RUN_FILES.results), jsonText(results, 2) + "\n");
  } catch (e) {
    io.err(`analyze: ${shown}: could not write ${RUN_FILES.results}: ${describeFailure(e)}`);
    return 255;
  }
  const valid = results["valid?"];
  const exitCode = valid === true ? 0 : valid === false ? 1 : 2;
  io.out(
    previous.exists
      ? `  before       ${previous.valid === undefined ? "no verdict in the old results" : `valid? ${String(previous.valid)}${previous.valid === valid ? ", the same verdict" : `, now valid? ${String(valid)}: the verdict changed`}`} (the old results.json is now ${PREVIOUS_RESULTS})`
      : `  before       no ${RUN_FILES.results}`,
  );
  for (const line of summarise(results, shown, exitCode, test.workloadName)) io.out(line);
  try {
    const r = await writeReport(dir, { history: history.ops, results: results as Record<string, unknown>, test: { ...test.test, "exit-code": exitCode } });
    io.out(`  report       ${join(shown, "report.html")} (${r.written.length} files in ${(r.ms / 1000).toFixed(1)} s)${r.problems.length ? `; not made: ${r.problems.join("; ")}` : ""}`);
  } catch (e) {
    io.out(`  report       not written: ${describeFailure(e)}`);
  }
  return exitCode;
}

/** The arguments, "help", or what is wrong with them. */
function parseAnalyzeArgs(argv: readonly string[]): AnalyzeArgs | "help" | string {
  if (argv.includes("-h") || argv.includes("--help")) return "help";
  let target: AnalyzeArgs["target"];
  let store = "store";
  const set = (t: NonNullable<AnalyzeArgs["target"]>, what: string) => {
    if (target !== undefined) return `give one run, got ${what} as well`;
    target = t;
    return undefined;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (name === "-t" || name === "--test" || name === "--store") {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === "") return `${name}: missing value; expected ${name === "--store" ? "the store's folder, as in --store store" : "a run's folder or an index, as in -t -1"}`;
      if (name === "--store") store = value;
      else {
        const problem = set(/^-?\d+$/.test(value) ? { index: Number(value) } : { path: value }, `${name} ${value}`);
        if (problem) return problem;
      }
    } else if (arg.startsWith("-") && arg !== "-") {
      return `unknown option ${JSON.stringify(name)}; analyze takes RUN_DIR, -t/--test and --store`;
    } else {
      const problem = set({ path: arg }, JSON.stringify(arg));
      if (problem) return problem;
    }
  }
  return { target, store };
}

/** The run's real folder: RUN_DIR or -t's path (a store or workload folder means its latest run), -t's index in the store, or the store's latest. */
async function runDir(args: AnalyzeArgs, baseDir: string): Promise<{ dir: string } | { error: string }> {
  const store = resolve(baseDir, args.store);
  const t = args.target;
  if (t !== undefined && "index" in t) {
    const runs = (await listRuns(store)).reverse(); // oldest first, as Jepsen counts
    const i = t.index < 0 ? runs.length + t.index : t.index;
    if (!Number.isSafeInteger(i) || i < 0 || i >= runs.length) return { error: `-t ${t.index}: the store ${store} has ${runs.length} ${runs.length === 1 ? "run" : "runs"}; give 0 to ${runs.length - 1}, or -1 for the most recent` };
    return { dir: runs[i]!.dir };
  }
  const given = t?.path;
  const abs = resolve(baseDir, given ?? join(args.store, LATEST_LINK));
  const what = given === undefined ? `the latest run (${abs})` : `${given} (${abs})`;
  if (!existsSync(abs)) return { error: given === undefined ? `no run to analyze: ${abs} does not exist (run a test first, or give a run's folder)` : `${what}: no such folder` };
  if (!statSync(abs).isDirectory()) return { error: `${what} is not a folder; give a run's folder, such as store/latest` };
  const dir = realpathSync(abs);
  if (fileProblem(join(dir, RUN_FILES.history)) === undefined) return { dir };
  if (fileProblem(join(dir, LATEST_LINK, RUN_FILES.history)) === undefined) return { dir: realpathSync(join(dir, LATEST_LINK)) };
  if (existsSync(join(dir, "test.jepsen"))) return { error: `${what} is a run of the real Maelstrom (test.jepsen): analyze it there, with maelstrom analyze -t ${given ?? abs}` };
  return { error: `${what} is not a run's folder: ${RUN_FILES.history} ${fileProblem(join(dir, RUN_FILES.history))}` };
}

/** Why `path` cannot be read as a file (missing, a folder, a FIFO...), or undefined when it is a regular file. */
function fileProblem(path: string): string | undefined {
  let st;
  try {
    st = statSync(path);
  } catch {
    return "is missing";
  }
  return st.isFile() ? undefined : "is not a regular file";
}

/** What the old results.json said: whether it exists, its verdict, and its "harness" part if well-formed (or why not). */
function previousResults(path: string): { exists: boolean; valid?: unknown; harness?: Record<string, unknown>; why: string } {
  if (fileProblem(path) !== undefined) return { exists: existsSync(path), why: `there is no ${RUN_FILES.results} to take it from` };
  let v: unknown;
  try {
    v = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    return { exists: true, why: `the old ${RUN_FILES.results} cannot be read (${describeFailure(e)})` };
  }
  if (!isObject(v)) return { exists: true, why: `the old ${RUN_FILES.results} is not a JSON object` };
  const valid = v["valid?"];
  const h = v.harness;
  if (!isObject(h) || !Number.isSafeInteger(h.seed) || !Array.isArray(h["output-stopped"]) || !(h["delivery-lateness-ms"] === null || isObject(h["delivery-lateness-ms"]))) {
    return { exists: true, valid, why: `the old ${RUN_FILES.results} has no well-formed "harness" part` };
  }
  return { exists: true, valid, harness: h, why: "" };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
