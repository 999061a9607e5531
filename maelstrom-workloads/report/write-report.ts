import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Op } from "../model/op.js";
import { RUN_FILES } from "../model/store-format.js";
import { summarise } from "../run/summary.js";
import { historyOffsetNs, onJournalClock } from "./clock-offset.js";
import { diagramSection } from "./diagram-section.js";
import { faultSpans } from "./fault-spans.js";
import { lamportSvg } from "./lamport-svg.js";
import { laneOrder } from "./lane-order.js";
import { latencyQuantilesSvg, latencyRawSvg, rateSvg } from "./plots.js";
import { readJournal } from "./read-journal.js";
import { jobsViewSvg } from "./jobs-view.js";
import { membershipViewSvg } from "./membership-view.js";
import { readJobDocs } from "./read-job-docs.js";
import { lostValues, reportHtml } from "./report-html.js";
import type { JournalMessage } from "./report-types.js";
import { timelineHtml } from "./timeline-html.js";

/** The files a run's report is, in the order they are written (report.html last: it links the others). */
export const REPORT_FILES = ["messages.svg", "timeline.html", "latency-raw.svg", "latency-quantiles.svg", "rate.svg", "report.html"] as const;
/** Written before report.html too, for their workload only: what the nodes reported against the faults. */
export const WORKLOAD_FILES = { membership: "membership.svg", jobs: "jobs.svg" } as const;

export interface ReportWritten {
  /** The files written, by name. */
  written: string[];
  /** What could not be made, a sentence each (the other files are still written). */
  problems: string[];
  ms: number;
}

/** What the caller already holds (the run that just ended); anything missing is read from the folder. */
export interface ReportGiven {
  history?: readonly Op[];
  results?: Record<string, unknown>;
  test?: Record<string, unknown>;
}

const readJson = (path: string): Record<string, unknown> | undefined => {
  if (!existsSync(path)) return undefined;
  const v = JSON.parse(readFileSync(path, "utf8")) as unknown;
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
};

function readHistory(path: string): Op[] {
  if (!existsSync(path)) return [];
  const ops: Op[] = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (!line.trim()) continue;
    try {
      ops.push(JSON.parse(line) as Op);
    } catch {
      // a line cut short when the run was killed: the rest of the history still draws
    }
  }
  return ops;
}

/**
 * Writes a run's report into its store folder: messages.svg, timeline.html,
 * the three plots, membership.svg or jobs.svg for those workloads (when
 * there is something to draw), and report.html, from history.jsonl, journal.jsonl,
 * results.json and test.json (or what `given` holds of them). Each file is
 * made on its own: one that fails is named in `problems` and the others are
 * still written. Never throws for what is in the folder.
 */
export async function writeReport(dir: string, given: ReportGiven = {}): Promise<ReportWritten> {
  const t0 = performance.now();
  const written: string[] = [];
  const problems: string[] = [];
  const attempt = <T>(what: string, make: () => T, fallback: T): T => {
    try {
      return make();
    } catch (e) {
      problems.push(`${what}: ${e instanceof Error ? e.message : String(e)}`);
      return fallback;
    }
  };
  const test = given.test ?? attempt("reading test.json", () => readJson(join(dir, RUN_FILES.test)), undefined) ?? {};
  const results = given.results ?? attempt("reading results.json", () => readJson(join(dir, "results.json")), undefined);
  const history = given.history ?? attempt("reading history.jsonl", () => readHistory(join(dir, RUN_FILES.history)), []);
  const lost = lostValues(results);
  let messages: JournalMessage[] = [];
  let unreadable = 0;
  let watched: Record<string, number[]> = {};
  if (existsSync(join(dir, RUN_FILES.journal))) {
    try {
      // Bodies are cut as they are read (a jobs run journals hundreds of MB of them); the lost values are looked for in the whole bodies first.
      ({ messages, unreadable, watched } = await readJournal(join(dir, RUN_FILES.journal), { maxBodyChars: 4000, watch: lost }));
    } catch (e) {
      problems.push(`reading journal.jsonl: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const nodes = Array.isArray(test.nodes) ? (test.nodes as unknown[]).map(String) : [];
  const workload = String(test.workload ?? test.name ?? "run");
  const faults = attempt("reading the faults from the history", () => faultSpans(history, nodes), []);
  // The history's clock starts after init and setup, the journal's at the run's start: what is drawn over messages needs the faults on the journal's.
  const faultsOnJournal = onJournalClock(faults, historyOffsetNs(history, messages));
  const ids = new Set<string>(nodes);
  for (const m of messages) ids.add(m.src).add(m.dest);
  const lanes = laneOrder(ids);

  const write = (name: string, make: () => string | undefined) => {
    const text = attempt(`making ${name}`, make, undefined);
    if (text === undefined) return;
    try {
      writeFileSync(join(dir, name), text);
      written.push(name);
    } catch (e) {
      problems.push(`writing ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  write("messages.svg", () => lamportSvg(messages, { lanes, faults: faultsOnJournal }));
  write("timeline.html", () => timelineHtml(history, { title: workload, faults }));
  write("latency-raw.svg", () => latencyRawSvg(history, faults, { title: workload }));
  write("latency-quantiles.svg", () => latencyQuantilesSvg(history, faults, { title: workload }));
  write("rate.svg", () => rateSvg(history, faults, { title: workload }));
  if (workload === "membership") write(WORKLOAD_FILES.membership, () => membershipViewSvg(history, faults, nodes));
  if (workload === "jobs" && existsSync(join(dir, RUN_FILES.journal))) {
    // Read again for the document's versions: the first read cut the bodies, and a version is a whole document.
    const docs = await readJobDocs(join(dir, RUN_FILES.journal)).catch((e: unknown) => {
      problems.push(`reading the cluster document's versions from journal.jsonl: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    });
    write(WORKLOAD_FILES.jobs, () => jobsViewSvg(history, faultsOnJournal, nodes, docs));
  }
  const exitCode = typeof test["exit-code"] === "number" ? test["exit-code"] : 255;
  const summary = results ? attempt("summarising the results", () => summarise(results as never, dir, exitCode, workload), []) : [];
  const diagram = attempt("making the diagram", () => diagramSection(messages, { lanes, faults: faultsOnJournal, lost, lostCarriers: watched }), "<p>The diagram could not be made (see the problems above).</p>");
  write("report.html", () => reportHtml({ test, results, history, faults, summary, diagram, files: [...written, "report.html"], messages: messages.length, unreadable }));
  return { written, problems, ms: performance.now() - t0 };
}
