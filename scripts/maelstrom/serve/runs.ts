// Finding and summarising the stored runs: every store/<workload>/<timestamp>/
// folder, newest first, each with its verdict, figures, test.json facts and
// whether it has a report. A store may hold thousands of runs, some with
// results.json of 100 MiB: summaries are read with caps, a few at a time, and
// kept until their files change.
import { realpath } from "node:fs/promises";
import { join } from "node:path";
import { RUN_FILES, readTestJson, type TestJsonFields } from "../../../maelstrom-workloads/model/store-format.js";
import { dirents, entryInStore, formatSize, isFileInStore, readInStore } from "./store-files.js";
import { judgeRun, type RunFigures, runningPid, runningVerdict, type Verdict } from "./verdict.js";

/**
 * The files a run's report is made of, in the order the run page links them,
 * each with what it shows. Runs stored before reports were written have none,
 * so every link to one is shown only when the file is there.
 */
export const REPORT_FILES = [
  { name: "report.html", what: "the verdict, why, and the diagram and plots on one page" },
  { name: "messages.svg", what: "the Lamport diagram: one line per node and client, one arrow per message" },
  { name: "timeline.html", what: "each client's operations over time" },
  { name: "latency-raw.svg", what: "the latency of every operation, faults shaded" },
  { name: "latency-quantiles.svg", what: "latency quantiles over time, faults shaded" },
  { name: "rate.svg", what: "operations per second, faults shaded" },
  { name: "membership.svg", what: "who thought whom dead, when, against the faults", workload: "membership" },
  { name: "jobs.svg", what: "which task attempts ran on which worker, and who led, against the faults", workload: "jobs" },
] as const satisfies ReadonlyArray<{ name: string; what: string; workload?: string }>;

export type ReportFileName = (typeof REPORT_FILES)[number]["name"];

/** The report file names, for a quick "is this one of them". */
export const REPORT_FILE_NAMES: ReadonlySet<string> = new Set(REPORT_FILES.map((f) => f.name));

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
  /** Whether report.html is a regular file of the store (the index links it only then). */
  hasReport: boolean;
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
/** The files a summary is read from. */
const READ_FILES = [RUN_FILES.test, RUN_FILES.results, "results.edn"] as const;
/** The files whose path, inode, size and mtime key a cached summary: those read, and report.html, which may be written later. */
const KEY_FILES = [...READ_FILES, "report.html"] as const;

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
  return found.sort(newestFirst);
}

/** Newest first by start time (unknown times last), then by name with numbers compared as numbers (the -2, -10 suffixes). */
function newestFirst(a: RunSummary, b: RunSummary): number {
  return (b.time?.getTime() ?? -Infinity) - (a.time?.getTime() ?? -Infinity) || b.timestamp.localeCompare(a.timestamp, "en", { numeric: true });
}

/** One run's summary; null if the directory does not look like a run. */
export async function readRun(storeDir: string, workload: string, timestamp: string, opts: RunOptions = {}): Promise<RunSummary | null> {
  const storeReal = await realpath(storeDir).catch(() => null);
  return storeReal === null ? null : summarise(storeReal, workload, timestamp, opts.cache);
}

/** Which of REPORT_FILES the run folder holds as regular files of the store. */
export async function reportFilesOf(storeReal: string, dir: string): Promise<Set<ReportFileName>> {
  const present = await Promise.all(REPORT_FILES.map((f) => isFileInStore(storeReal, join(dir, f.name))));
  return new Set(REPORT_FILES.filter((_, i) => present[i]).map((f) => f.name));
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
  const entries = await Promise.all(KEY_FILES.map((f) => entryInStore(storeReal, join(dir, f), f)));
  const key = entries.map((e) => (e.ok ? `${e.real}\0${e.stat.dev}:${e.stat.ino}:${e.stat.size}:${e.stat.mtimeMs}` : e.kind)).join("\0");
  return cache.get(dir, key, () => makeSummary(storeReal, workload, timestamp));
}

async function makeSummary(storeReal: string, workload: string, timestamp: string): Promise<{ value: RunSummary | null; weight: number }> {
  const dir = join(storeReal, workload, timestamp);
  const [testRead, resultsRead, ednRead] = await Promise.all(READ_FILES.map((f) => readInStore(storeReal, join(dir, f), { cap: SUMMARY_CAP, tail: f === RUN_FILES.results ? TAIL : 0, name: f })));
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
  const { verdict, figures } = judgeRun(resultsRead!, ednRead!, test);
  const pid = resultsRead!.ok || ednRead!.ok ? undefined : runningPid(test);
  if (test?.nodes !== undefined) figures.nodes = test.nodes.length;
  const href = `/${encodeURIComponent(workload)}/${encodeURIComponent(timestamp)}/`;
  const hasReport = await isFileInStore(storeReal, join(dir, "report.html"));
  const weight = 1024 + (testRead!.ok && !testRead!.truncated ? testRead!.text.length : 0);
  return { value: { workload, timestamp, dir, href, time, verdict, figures, test, notes, hasReport, ...(pid !== undefined ? { runningPid: pid } : {}) }, weight };
}

/**
 * A run directory's name: Joda basic date-time, as in 20261121T120102.345+0000,
 * with "-1", "-2"... added by our harness when two runs start in the same ms.
 */
export const TIMESTAMP = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(?:\.(\d{1,3}))?(Z|[+-]\d{4})(?:-(\d+))?$/;

/** When a run started, from its directory's name; null if the name is not a timestamp. */
export function parseTimestamp(name: string): Date | null {
  const m = TIMESTAMP.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms, zone] = m;
  const offset = zone === "Z" ? "Z" : `${zone!.slice(0, 3)}:${zone!.slice(3)}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${(ms ?? "0").padEnd(3, "0")}${offset}`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** fn over every item, at most `limit` at a time; the results in the items' order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Run summaries already made, so that the index does not read every run's
 * files on every request. An entry is used only while its key (the path,
 * mtime, size and inode of each file it was made from) is unchanged. Requests
 * that arrive while a summary is being made share it. Bounded: the entries
 * least recently used go first, past `max` entries or `maxWeight` (roughly the
 * bytes the entries hold).
 */
export class RunCache<V = unknown> {
  private readonly entries = new Map<string, { key: string; value: Promise<V>; weight: number }>();
  private weight = 0;

  constructor(
    private readonly max = 10_000,
    private readonly maxWeight = 64 * 1024 * 1024,
  ) {}

  /** The value cached for `id` under `key`, or make's (cached once it resolves to weight <= maxWeight). */
  get(id: string, key: string, make: () => Promise<{ value: V; weight: number }>): Promise<V> {
    const hit = this.entries.get(id);
    if (hit !== undefined && hit.key === key) {
      this.entries.delete(id); // to the back: most recently used
      this.entries.set(id, hit);
      return hit.value;
    }
    this.drop(id);
    const made = make();
    const value = made.then((m) => m.value);
    const entry = { key, value, weight: 0 };
    this.entries.set(id, entry);
    made.then(
      (m) => {
        if (this.entries.get(id) !== entry) return;
        entry.weight = m.weight;
        this.weight += m.weight;
        this.evict();
      },
      () => this.entries.get(id) === entry && this.drop(id),
    );
    return value;
  }

  /** How many summaries are held. */
  get size(): number {
    return this.entries.size;
  }

  private drop(id: string): void {
    const e = this.entries.get(id);
    if (e === undefined) return;
    this.weight -= e.weight;
    this.entries.delete(id);
  }

  private evict(): void {
    for (const id of this.entries.keys()) {
      if (this.entries.size <= this.max && this.weight <= this.maxWeight) break;
      this.drop(id);
    }
  }
}
