import { join } from "node:path";
import { ednTopLevelValid } from "./edn.js";
import { figuresOf, type RunFigures } from "./figures.js";
import { asObject, parseJson } from "./json.js";
import { dirents, readMaybe } from "./read-quietly.js";
import { parseTimestamp } from "./timestamp.js";
import { type Verdict, verdictOf } from "./verdict.js";

export interface RunSummary {
  workload: string;
  timestamp: string;
  /** Absolute path of the run directory. */
  dir: string;
  /** The link to the run's page. */
  href: string;
  /** When it started, if known (from the directory name, else test.json). */
  time: Date | null;
  verdict: Verdict;
  figures: RunFigures;
  test: Record<string, unknown> | null;
  /** results.json, parsed; null when absent or unreadable. */
  results: Record<string, unknown> | null;
}

/** Every run in the store, newest first. A missing store has none. */
export async function listRuns(storeDir: string, onlyWorkload?: string): Promise<RunSummary[]> {
  const workloads = await dirents(storeDir);
  const runs: Promise<RunSummary | null>[] = [];
  for (const w of workloads) {
    // Symlinks (latest, current) are skipped: they point at runs listed anyway.
    if (!w.isDirectory() || (onlyWorkload !== undefined && w.name !== onlyWorkload)) continue;
    for (const r of await dirents(join(storeDir, w.name))) {
      if (r.isDirectory()) runs.push(readRun(storeDir, w.name, r.name));
    }
  }
  const found = (await Promise.all(runs)).filter((r): r is RunSummary => r !== null);
  return found.sort((a, b) => (b.time?.getTime() ?? -Infinity) - (a.time?.getTime() ?? -Infinity) || b.timestamp.localeCompare(a.timestamp, "en", { numeric: true }));
}

/** One run's summary; null if the directory does not look like a run. */
export async function readRun(storeDir: string, workload: string, timestamp: string): Promise<RunSummary | null> {
  const dir = join(storeDir, workload, timestamp);
  const [testText, resultsText, ednText] = await Promise.all([readMaybe(join(dir, "test.json")), readMaybe(join(dir, "results.json")), readMaybe(join(dir, "results.edn"))]);
  let time = parseTimestamp(timestamp);
  if (time === null && testText === null && resultsText === null && ednText === null) return null;
  const test = testText === null ? null : asObject(parseJson(testText));
  const results = resultsText === null ? null : asObject(parseJson(resultsText));
  if (time === null && typeof test?.["start-time"] === "string") {
    const t = new Date(test["start-time"]);
    if (!Number.isNaN(t.getTime())) time = t;
  }
  let verdict: Verdict;
  if (resultsText !== null) {
    verdict = results === null ? { kind: "unknown", label: "unknown", detail: "results.json is not a JSON object" } : verdictOf(results["valid?"]);
  } else if (ednText !== null) {
    verdict = { ...verdictOf(ednTopLevelValid(ednText)), detail: "from results.edn (real Maelstrom)" };
  } else if (typeof test?.crash === "string" && test.crash !== "") {
    verdict = { kind: "crashed", label: "crashed", detail: test.crash };
  } else if (typeof test?.["exit-code"] === "number") {
    verdict = { kind: "crashed", label: "crashed", detail: `exit code ${test["exit-code"]}, and no results.json` };
  } else {
    verdict = { kind: "incomplete", label: "no results", detail: "no results.json: still running, or stopped before the analysis" };
  }
  const figures = results === null ? {} : figuresOf(results);
  if (Array.isArray(test?.nodes)) figures.nodes = test.nodes.length;
  const href = `/${encodeURIComponent(workload)}/${encodeURIComponent(timestamp)}/`;
  return { workload, timestamp, dir, href, time, verdict, figures, test, results };
}
