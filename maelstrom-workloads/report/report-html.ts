import type { Op } from "../model/op.js";
import { escapeXml as esc } from "./plots/svg-text.js";
import type { FaultSpan } from "./report-types.js";

/** The verdicts a run can end with, and their colours: Maelstrom's (Jepsen's web page) for the first three, ours for the others. */
export const VERDICT_COLOURS = { valid: "#6DB6FE", unknown: "#FFAA26", invalid: "#FEB5DA", crashed: "#C5B0F0", abandoned: "#C5B0F0", interrupted: "#F3F6AD" } as const;
export type Verdict = keyof typeof VERDICT_COLOURS;

/** The verdict of a run from how it ended and its results' "valid?". */
export function verdictOf(status: string | undefined, valid: unknown): Verdict {
  if (status === "interrupted") return "interrupted";
  if (status === "crashed") return "crashed";
  if (status === "running") return "abandoned"; // a report written from the folder of a run whose harness never finished it
  return valid === true ? "valid" : valid === false ? "invalid" : "unknown";
}

export interface ReportInput {
  /** test.json's fields (workload, nodes, time-limit, rate, nemesis, seed, argv, status, exit-code, crash). */
  test: Record<string, unknown>;
  /** results.json, when the run got that far. */
  results: Record<string, unknown> | undefined;
  history: readonly Op[];
  faults: readonly FaultSpan[];
  /** The terminal's summary of the results (run/summary.ts), shown as it was printed. */
  summary: readonly string[];
  /** The diagram section (diagram-section.ts), or a sentence why there is none. */
  diagram: string;
  /** The other files written beside report.html, by name. */
  files: readonly string[];
  /** Messages in the journal, and lines of it that could not be read. */
  messages: number;
  unreadable: number;
}

const FILE_NOTES: Record<string, string> = {
  "messages.svg": "the Lamport diagram (the first messages of a big run)",
  "timeline.html": "each client's ops over time",
  "latency-raw.svg": "each op's latency",
  "latency-quantiles.svg": "latency quantiles over time",
  "rate.svg": "completions per second",
  "membership.svg": "who thought whom dead, when, against the faults",
  "jobs.svg": "which task attempts ran on which worker, and who led, against the faults",
};

/** The workload pictures report.html shows in their own section: file, section id, heading. */
const VIEWS: ReadonlyArray<[string, string, string]> = [
  ["membership.svg", "membership-view", "Who thought whom dead"],
  ["jobs.svg", "jobs-view", "Which tasks ran where"],
];

const fmt = (n: number) => n.toLocaleString("en-US");

/**
 * Checker results that are not valid, a line each, in words: the key, its
 * "valid?", and the sentences the checker wrote as evidence (every "text"
 * field, and "first-failure" / "error" strings), at most `max` of them.
 */
export function whyLines(results: Record<string, unknown> | undefined, max = 12): string[] {
  if (!results) return [];
  const out: string[] = [];
  const texts = (v: unknown, depth: number): string[] => {
    if (depth > 4 || v === null || typeof v !== "object") return [];
    if (Array.isArray(v)) return v.flatMap((x) => texts(x, depth + 1));
    const o = v as Record<string, unknown>;
    const own = ["text", "error", "first-failure"].flatMap((k) => (typeof o[k] === "string" ? [o[k] as string] : []));
    return [...own, ...Object.entries(o).filter(([k]) => !["text", "error", "first-failure"].includes(k)).flatMap(([, x]) => texts(x, depth + 1))];
  };
  for (const [key, r] of Object.entries(results)) {
    if (key === "valid?" || r === null || typeof r !== "object") continue;
    if (!Object.hasOwn(r, "valid?")) continue; // not a checker's result (the harness's notes)
    const valid = (r as Record<string, unknown>)["valid?"];
    if (valid === true) continue;
    out.push(`${key}: valid? ${String(valid)}`);
    // What the checker counted (non-zero *-count keys) and listed (lost values, errors, ...), then its sentences.
    const o = r as Record<string, unknown>;
    for (const [k, v] of Object.entries(o)) if (k.endsWith("-count") && typeof v === "number" && v > 0 && !/^(ok|attempt|acknowledged|completed|read|stable|stopped|leader-kill|cluster-status|task-rerun|slot-utilisation)/.test(k)) out.push(`  ${k}: ${v}`);
    for (const k of EVIDENCE_LISTS) {
      const v = o[k];
      if (Array.isArray(v) && v.length > 0) out.push(`  ${k} (${v.length}): ${v.slice(0, 20).map((x) => (x !== null && typeof x === "object" ? JSON.stringify(x).slice(0, 120) : String(x))).join(", ")}${v.length > 20 ? ", ..." : ""}`);
    }
    for (const t of texts(r, 0).slice(0, max)) out.push(`  ${t}`);
  }
  return out;
}

/** Lists of what a checker found wrong, shown (their first 20) under "Why". */
const EVIDENCE_LISTS = ["lost", "never-read", "unexpected", "duplicated", "errors", "bad-ops", "duplicates"];

/** Values a checker found lost (broadcast's and g-set's `lost`, a list of values), for the trace's buttons. */
export function lostValues(results: Record<string, unknown> | undefined): unknown[] {
  const w = results?.workload as Record<string, unknown> | undefined;
  const lost = w?.lost;
  return Array.isArray(lost) ? lost.filter((v) => v === null || typeof v !== "object") : [];
}

/**
 * report.html: the verdict and key figures at the top, why the run is not
 * valid in the checkers' own words, the diagram with its trace, and the plots
 * (beside it as files, shown with <img>: no network, the files sit next to
 * this one).
 */
export function reportHtml(r: ReportInput): string {
  const t = r.test;
  const verdict = verdictOf(typeof t.status === "string" ? t.status : undefined, r.results?.["valid?"]);
  const workload = String(t.workload ?? t.name ?? "run");
  const ops = r.history.filter((o) => o.process !== "nemesis" && o.type !== "invoke");
  const count = (type: string) => ops.filter((o) => o.type === type).length;
  const figures: Array<[string, string]> = [
    ["workload", workload],
    ["nodes", Array.isArray(t.nodes) ? `${t.nodes.length} (${(t.nodes as unknown[]).join(", ")})` : "?"],
    ["time limit", t["time-limit"] !== undefined ? `${String(t["time-limit"])} s` : "?"],
    ["rate", t.rate !== undefined ? `${String(t.rate)} ops/s` : "?"],
    ["nemesis", Array.isArray(t.nemesis) && t.nemesis.length ? (t.nemesis as unknown[]).join(", ") : "none"],
    ["seed", String(t.seed ?? "?")],
    ["ops", `${fmt(ops.length)} completed: ${fmt(count("ok"))} ok, ${fmt(count("fail"))} fail, ${fmt(count("info"))} info`],
    ["messages", `${fmt(r.messages)} in the journal${r.unreadable ? ` (${fmt(r.unreadable)} ${r.unreadable === 1 ? "line" : "lines"} could not be read)` : ""}`],
    ["faults", r.faults.length ? `${r.faults.length}: ${r.faults.slice(0, 8).map((f) => `${f.label} at ${(f.fromNs / 1e9).toFixed(1)} s`).join("; ")}${r.faults.length > 8 ? "; ..." : ""}` : "none"],
    ["exit code", String(t["exit-code"] ?? "?")],
  ];
  const ended = verdict === "interrupted" ? [`interrupted by ${typeof t.interrupted === "string" ? t.interrupted : "a signal"}: no results were computed`] : typeof t.crash === "string" ? [`crashed: ${t.crash}`] : [];
  const why = verdict === "valid" ? [] : [...ended, ...whyLines(r.results)];
  const command = Array.isArray(t.argv) ? (t.argv as unknown[]).map(String).join(" ") : "";
  const plots = ["latency-raw.svg", "latency-quantiles.svg", "rate.svg"].filter((f) => r.files.includes(f));
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(workload)}: ${verdict}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 1em 2em; color: #222; }
#verdict { padding: .6em 1em; font-size: 1.4em; font-weight: bold; background: ${VERDICT_COLOURS[verdict]}; border-radius: 4px; }
table.figures td { padding: 1px 12px 1px 0; vertical-align: top; } table.figures td:first-child { color: #555; }
pre { background: #f6f6f6; padding: .6em; overflow-x: auto; white-space: pre-wrap; }
section { margin-top: 1.5em; } img.plot { max-width: 100%; border: 1px solid #ddd; margin: .3em 0; }
</style></head><body>
<div id="verdict" class="verdict-${verdict}" data-verdict="${verdict}">${esc(workload)}: ${verdict}</div>
${command ? `<p><code>${esc(command)}</code></p>` : ""}
<table class="figures">${figures.map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join("")}</table>
${why.length ? `<section id="why"><h2>Why it is ${verdict}</h2><pre>${esc(why.join("\n"))}</pre></section>` : ""}
<section id="summary"><h2>Results</h2><pre>${esc(r.summary.join("\n").trim() || "no results were computed")}</pre></section>
${VIEWS.filter(([f]) => r.files.includes(f)).map(([f, id, h]) => `<section id="${id}"><h2>${esc(h)}</h2><img class="plot" src="${esc(f)}" alt="${esc(h)}"></section>`).join("\n")}
<section id="messages"><h2>Messages</h2>${r.diagram}</section>
${plots.length ? `<section id="plots"><h2>Latency and rate</h2>${plots.map((f) => `<img class="plot" src="${esc(f)}" alt="${esc(f)}">`).join("\n")}</section>` : ""}
<section id="files"><h2>Files</h2><ul>${r.files.filter((f) => f !== "report.html").map((f) => `<li><a href="${esc(f)}">${esc(f)}</a>${FILE_NOTES[f] ? `: ${esc(FILE_NOTES[f])}` : ""}</li>`).join("")}
<li><a href="results.json">results.json</a>, <a href="history.txt">history.txt</a>, <a href="journal.jsonl">journal.jsonl</a>, <a href="test.json">test.json</a>, <a href="node-logs/">node-logs/</a></li></ul></section>
</body></html>
`;
}
