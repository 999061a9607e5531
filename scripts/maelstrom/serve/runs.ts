import { realpath } from "node:fs/promises";
import { join } from "node:path";
import { RUN_FILES, readTestJson, type TestJsonFields } from "../../../maelstrom-workloads/model/store-format.js";
import { ednTopLevelValid } from "./edn.js";
import { figuresOf, type RunFigures } from "./figures.js";
import { formatSize } from "./format.js";
import { asObject, parseJson } from "./json.js";
import { mapLimit } from "./map-limit.js";
import { dirents } from "./read-quietly.js";
import { RunCache } from "./run-cache.js";
import { entryInStore, type Read, readInStore } from "./store-file.js";
import { parseTimestamp } from "./timestamp.js";
import { runningPid, runningVerdict, type Verdict, verdictOf } from "./verdict.js";

export interface RunSummary {
  workload: string;
  timestamp: string;
  /** Absolute path of the run directory (under the store's real path). */
  dir: string;
  /** The link to the run's page. */
  href: string;
  /** When it started, if known (from the directory name, else test.json). */
  time: Date | null;
  verdict: Verdict;
  figures: RunFigures;
  /** test.json's keys that hold the right type; null when absent, skipped or not a JSON object. */
  test: TestJsonFields | null;
  /** What was skipped and why: "test.json is a FIFO, not a regular file: skipped"; what is wrong in test.json. */
  notes: string[];
  /** Set when there are no results and test.json says "status": "running": the harness's pid, checked on each request. */
  runningPid?: number;
}

export interface RunOptions {
  /** Summaries kept between requests; without one every file is read each time. */
  cache?: RunCache<RunSummary | null>;
}

/** At most this much of test.json, results.json and results.edn is read to summarise a run. */
export const SUMMARY_CAP = 1024 * 1024;
/** Bytes read from the end of a results.json over SUMMARY_CAP, where our harness writes "valid?". */
const TAIL = 4096;
/** Runs summarised at once, so that a cold index of many big runs holds a few MiB, not all of them. */
const CONCURRENCY = 8;
const FILES = [RUN_FILES.test, RUN_FILES.results, "results.edn"] as const;

/** Every run in the store, newest first. A missing store has none. */
export async function listRuns(storeDir: string, onlyWorkload?: string, opts: RunOptions = {}): Promise<RunSummary[]> {
  const storeReal = await realpath(storeDir).catch(() => null);
  if (storeReal === null) return [];
  const names: [string, string][] = [];
  for (const w of await dirents(storeReal)) {
    // Symlinks (latest, current) are skipped: they point at runs listed anyway.
    if (!w.isDirectory() || (onlyWorkload !== undefined && w.name !== onlyWorkload)) continue;
    for (const r of await dirents(join(storeReal, w.name))) if (r.isDirectory()) names.push([w.name, r.name]);
  }
  const found = (await mapLimit(names, CONCURRENCY, ([w, r]) => summarise(storeReal, w, r, opts.cache))).filter((r): r is RunSummary => r !== null);
  return found.sort((a, b) => (b.time?.getTime() ?? -Infinity) - (a.time?.getTime() ?? -Infinity) || b.timestamp.localeCompare(a.timestamp, "en", { numeric: true }));
}

/** One run's summary; null if the directory does not look like a run. */
export async function readRun(storeDir: string, workload: string, timestamp: string, opts: RunOptions = {}): Promise<RunSummary | null> {
  const storeReal = await realpath(storeDir).catch(() => null);
  return storeReal === null ? null : summarise(storeReal, workload, timestamp, opts.cache);
}

async function summarise(storeReal: string, workload: string, timestamp: string, cache?: RunCache<RunSummary | null>): Promise<RunSummary | null> {
  return withLiveness(await cachedSummary(storeReal, workload, timestamp, cache));
}

/**
 * A run whose test.json still says "running" (and that has no results) is
 * judged afresh on every request, outside the cache: its files do not change
 * when the harness is killed, but whether its pid is alive does.
 */
function withLiveness(run: RunSummary | null): RunSummary | null {
  if (run === null || !run.runningPid) return run;
  return { ...run, verdict: runningVerdict(run.runningPid) };
}

async function cachedSummary(storeReal: string, workload: string, timestamp: string, cache?: RunCache<RunSummary | null>): Promise<RunSummary | null> {
  if (cache === undefined) return (await makeSummary(storeReal, workload, timestamp)).value;
  const dir = join(storeReal, workload, timestamp);
  const entries = await Promise.all(FILES.map((f) => entryInStore(storeReal, join(dir, f), f)));
  const key = entries.map((e) => (e.ok ? `${e.real}\0${e.stat.dev}:${e.stat.ino}:${e.stat.size}:${e.stat.mtimeMs}` : e.kind)).join("\0");
  return cache.get(dir, key, () => makeSummary(storeReal, workload, timestamp));
}

async function makeSummary(storeReal: string, workload: string, timestamp: string): Promise<{ value: RunSummary | null; weight: number }> {
  const dir = join(storeReal, workload, timestamp);
  const [testRead, resultsRead, ednRead] = await Promise.all(FILES.map((f) => readInStore(storeReal, join(dir, f), { cap: SUMMARY_CAP, tail: f === RUN_FILES.results ? TAIL : 0, name: f })));
  const reads = [testRead!, resultsRead!, ednRead!];
  let time = parseTimestamp(timestamp);
  if (time === null && reads.every((r) => !r.ok && r.kind === "missing")) return { value: null, weight: 0 };
  const notes = reads.flatMap((r) => (!r.ok && r.kind !== "missing" ? [r.why] : []));

  let test: TestJsonFields | null = null;
  if (testRead!.ok) {
    if (testRead!.truncated) notes.push(`test.json is ${formatSize(testRead!.size)}: too large to read`);
    else {
      const read = readTestJson(testRead!.text);
      test = read.test;
      notes.push(...read.problems);
    }
  }
  if (time === null && test?.["start-time"] !== undefined) time = new Date(test["start-time"]);
  const { verdict, figures } = judge(resultsRead!, ednRead!, test);
  const pid = resultsRead!.ok || ednRead!.ok ? undefined : runningPid(test);
  if (test?.nodes !== undefined) figures.nodes = test.nodes.length;
  const href = `/${encodeURIComponent(workload)}/${encodeURIComponent(timestamp)}/`;
  const weight = 1024 + (testRead!.ok && !testRead!.truncated ? testRead!.text.length : 0);
  return { value: { workload, timestamp, dir, href, time, verdict, figures, test, notes, ...(pid !== undefined ? { runningPid: pid } : {}) }, weight };
}

/** The verdict and key figures: from results.json, else results.edn, else what test.json says. */
function judge(results: Read, edn: Read, test: TestJsonFields | null): { verdict: Verdict; figures: RunFigures } {
  if (results.ok && !results.truncated) {
    const parsed = asObject(parseJson(results.text));
    if (parsed === null) return { verdict: { kind: "unknown", label: "unknown", detail: "results.json is not a JSON object" }, figures: {} };
    return { verdict: verdictOf(parsed["valid?"]), figures: figuresOf(parsed) };
  }
  if (results.ok) {
    const size = formatSize(results.size);
    const valid = validAtEnd(results.tail);
    const verdict: Verdict =
      valid === undefined ? { kind: "unknown", label: "unknown", detail: `results too large to summarise (${size})` } : { ...verdictOf(valid), detail: `results.json is ${size}: too large to summarise; this is the "valid?" at its end` };
    return { verdict, figures: {} };
  }
  if (edn.ok) {
    const valid = ednTopLevelValid(edn.text);
    if (valid === undefined && edn.truncated) return { verdict: { kind: "unknown", label: "unknown", detail: `results too large to summarise (results.edn is ${formatSize(edn.size)})` }, figures: {} };
    return { verdict: { ...verdictOf(valid), detail: "from results.edn (real Maelstrom)" }, figures: {} };
  }
  if (test?.interrupted !== undefined) return { verdict: { kind: "incomplete", label: "interrupted", detail: test.interrupted }, figures: {} };
  if (test?.crash) return { verdict: { kind: "crashed", label: "crashed", detail: test.crash }, figures: {} };
  if (test?.["exit-code"] !== undefined) return { verdict: { kind: "crashed", label: "crashed", detail: `exit code ${test["exit-code"]}, and no results.json` }, figures: {} };
  return { verdict: { kind: "incomplete", label: "no results", detail: "no results.json: still running, or stopped before the analysis" }, figures: {} };
}

/**
 * The top-level "valid?" of a JSON object from the end of its text: our harness
 * writes it last. Only a member that ends the document can match ("valid?"
 * after a comma or brace, a literal, then the final brace), and in valid JSON
 * that member is the top-level object's.
 */
export function validAtEnd(tail: string): boolean | "unknown" | undefined {
  const m = /[,{]\s*"valid\?"\s*:\s*(true|false|"unknown"|":unknown")\s*\}\s*$/.exec(tail);
  if (!m) return undefined;
  return m[1] === "true" ? true : m[1] === "false" ? false : "unknown";
}
