// The HTML pages serve shows: the index of runs, one run's page, a folder's
// listing, and the not-found pages. Each is a function of what was read from
// the store (through store-files.ts) to a string; everything shown is escaped.
// Plain HTML with inline style, no scripts.
import { commandName } from "../../../maelstrom-workloads/options/command-name.js";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { REPORT_FILES, type ReportFileName, type RunSummary, TIMESTAMP } from "./runs.js";
import { asObject, dirents, entryInStore, formatSize, kindOf, parseJson, readInStore } from "./store-files.js";
import { VERDICT_COLORS, type Verdict, type VerdictKind } from "./verdict.js";

/** Runs listed per page of the index, by default. */
export const PAGE_SIZE = 100;
/** At most this much of results.json (or results.edn) is shown on a run's page; the file itself has a link. */
export const SHOW_CAP = 1024 * 1024;

/** What to do about a run without a report, said wherever one is missing. */
export function noReportHint(runDir: string): string {
  return `Runs stored before reports were written have none: run the test again, or write them from the stored files with ${commandName("maelstrom")} report ${runDir}`;
}

const CSS = `
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5rem 2rem; color: #222; line-height: 1.4; }
h1 { font-size: 1.4rem; margin: 0 0 1rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
a { color: #0550ae; text-decoration: none; } a:hover { text-decoration: underline; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid #ccc; padding: .25rem .6rem; text-align: left; vertical-align: top; }
th { background: #f4f4f4; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.verdict { font-weight: 600; white-space: nowrap; }
.verdict small { display: block; font-weight: normal; white-space: pre-wrap; max-width: 40rem; overflow-wrap: anywhere; }
.legend span { display: inline-block; padding: 0 .4rem; margin-right: .3rem; border: 1px solid #ccc; }
pre { background: #f7f7f7; border: 1px solid #ddd; padding: .6rem; overflow: auto; max-height: 40rem; }
.muted { color: #777; }
nav { margin-bottom: 1rem; }
`;

/** A whole HTML page: the title (escaped here) and the body (already HTML), with the shared style. */
export function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** Escapes text for HTML content and attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The text cut to at most n characters, ending in … when cut. */
function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

/** The coloured verdict cell: the word, and the detail under it. */
function verdictCell(v: Verdict, tag: "td" | "div" = "td"): string {
  const detail = v.detail === undefined ? "" : `<small>${esc(truncate(v.detail, 300))}</small>`;
  const title = v.detail !== undefined && v.detail.length > 300 ? ` title="${esc(v.detail)}"` : "";
  return `<${tag} class="verdict verdict-${v.kind}" style="background:${VERDICT_COLORS[v.kind]}"${title}>${esc(v.label)}${detail}</${tag}>`;
}

/** When a run started, as shown (not escaped). */
function showTime(run: RunSummary): string {
  const m = TIMESTAMP.exec(run.timestamp);
  if (m) return `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}${m[7] ? `.${m[7]}` : ""} ${m[8]}${m[9] ? ` (${m[9]})` : ""}`;
  return run.time ? run.time.toISOString() : run.timestamp;
}

/** A right-aligned number cell; empty when the figure is unknown. */
function numCell(v: number | undefined, digits = 0): string {
  return `<td class="num">${v === undefined ? "" : esc(digits > 0 && !Number.isInteger(v) ? v.toFixed(digits) : String(v))}</td>`;
}

/** What each colour stands for, in the index's order of severity. */
const LEGEND: readonly [VerdictKind, string][] = [
  ["valid", "valid"],
  ["invalid", "invalid"],
  ["unknown", "unknown"],
  ["crashed", "crashed or abandoned"],
  ["interrupted", "interrupted"],
  ["incomplete", "running or no results"],
];

/**
 * The list of runs, all of them or one workload's, with verdicts, node counts,
 * key figures and links to each run's report and files: page `page` (from 1)
 * of them, `pageSize` to a page. Status 404 for a page past the last.
 */
export async function indexPage(store: string, runs: RunSummary[], workload?: string, page = 1, pageSize = PAGE_SIZE): Promise<{ status: number; html: string }> {
  const heading = workload === undefined ? "Maelstrom runs" : `Maelstrom runs: ${workload}`;
  const nav = workload === undefined ? "" : `<nav><a href="/">All runs</a></nav>`;
  if (runs.length === 0) {
    const exists = await stat(store).then((s) => s.isDirectory()).catch(() => false);
    const where = exists ? `no runs yet in ${store}` : `no runs yet in ${store} (it does not exist yet)`;
    return { status: 200, html: layout(heading, `${nav}<h1>${esc(heading)}</h1><p>${esc(where)}; run <code>${commandName("maelstrom")} test ...</code> to make one.</p>`) };
  }
  const pages = Math.ceil(runs.length / pageSize);
  if (page > pages) {
    return { status: 404, html: layout(heading, `${nav}<h1>${esc(heading)}</h1><p>No page ${page}: there are ${pages} page${pages === 1 ? "" : "s"} of runs. <a href="?page=1">The first page</a>.</p>`) };
  }
  const counts = new Map<VerdictKind, number>();
  for (const r of runs) counts.set(r.verdict.kind, (counts.get(r.verdict.kind) ?? 0) + 1);
  const summary = [...counts].map(([k, n]) => `${n} ${k}`).join(", ");
  const first = (page - 1) * pageSize;
  const shown = runs.slice(first, first + pageSize);
  const links = [page > 1 ? `<a href="?page=${page - 1}">newer runs</a>` : "", page < pages ? `<a href="?page=${page + 1}">older runs</a>` : ""].filter((l) => l !== "");
  const paging = pages === 1 ? "" : `<p>Page ${page} of ${pages}: runs ${first + 1} to ${first + shown.length} of ${runs.length}. ${links.join(" · ")}</p>`;
  const rows = shown.map((r) => {
    const f = r.figures;
    const notes = r.notes.length === 0 ? "" : `<br><small class="muted">${r.notes.map(esc).join("<br>")}</small>`;
    const report = r.hasReport ? `<a href="${esc(`${r.href}report.html`)}">report</a> · ` : "";
    return `<tr>
<td><a href="${esc(r.href)}">${esc(showTime(r))}</a>${notes}</td>
<td><a href="/${esc(encodeURIComponent(r.workload))}/">${esc(r.workload)}</a></td>
${numCell(f.nodes)}
${verdictCell(r.verdict)}
<td class="open">${report}<a href="${esc(r.href)}">files</a></td>
${numCell(f.ops)}${numCell(f.msgsPerOp, 2)}${numCell(f.latencyMedian)}${numCell(f.latencyMax)}${numCell(f.lost)}
</tr>`;
  });
  const legend = LEGEND.map(([k, text]) => `<span class="verdict-${k}" style="background:${VERDICT_COLORS[k]}">${esc(text)}</span>`).join("");
  const html = layout(
    heading,
    `${nav}<h1>${esc(heading)}</h1>
<p class="muted">${runs.length} run${runs.length === 1 ? "" : "s"} in ${esc(store)}, newest first (${esc(summary)}).</p>
<p class="legend">${legend}</p>
${paging}<table>
<thead><tr><th>Time</th><th>Workload</th><th>Nodes</th><th>Valid?</th><th>Open</th><th title="client operations (stats.count)">Ops</th><th title="server messages per operation (net.servers.msgs-per-op)">Msgs/op</th><th title="median stable latency, ms (workload.stable-latencies 0.5)">Stable lat. p50</th><th title="maximum stable latency, ms (workload.stable-latencies 1)">Stable lat. max</th><th title="workload.lost-count">Lost</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>
${paging}`,
  );
  return { status: 200, html };
}

/**
 * One run's page: its verdict, its test.json facts, any crash, links to the
 * report files it has, what was skipped, its files and its results. `store`
 * is shown; storeReal, its real path, is what every file read is checked
 * against. `reports` are the report files present (runs.ts reportFilesOf).
 */
export async function runPage(store: string, storeReal: string, run: RunSummary, reports: ReadonlySet<ReportFileName>): Promise<string> {
  const files = await fileRows(storeReal, run.dir, [run.workload, run.timestamp]);
  const t = run.test;
  const facts: string[] = [];
  const fact = (k: string, v: unknown) => {
    if (v === undefined || v === null) return;
    const text = Array.isArray(v) ? v.map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join(" ") : typeof v === "string" ? v : JSON.stringify(v);
    facts.push(`<tr><th>${esc(k)}</th><td><code>${esc(text)}</code></td></tr>`);
  };
  if (t) {
    for (const k of ["workload", "bin", "bin-args", "nodes", "seed", "start-time", "exit-code", "interrupted", "argv"] as const) fact(k, t[k]);
  }
  const runDir = join(store, run.workload, run.timestamp);
  const crash = t?.crash ? `<h2>Crash</h2><pre>${esc(t.crash)}</pre>` : "";
  const nodes = t?.nodes ?? [];
  const replayHint =
    nodes.length > 0
      ? `<p class="muted">Replay what one node received: <code>${commandName("replay")} --run ${esc(runDir)} --node ${esc(nodes[0]!)} --bin NODE</code> (or <code>--trust-run</code> to run the command its test.json names)</p>`
      : "";
  const notes = run.notes.length === 0 ? "" : `<ul class="muted">${run.notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>`;
  const results = await resultsSection(storeReal, run);
  const title = `${run.workload} ${run.timestamp}`;
  return layout(
    title,
    `<nav><a href="/">All runs</a> / <a href="/${esc(encodeURIComponent(run.workload))}/">${esc(run.workload)}</a> / ${esc(run.timestamp)}</nav>
<h1>${esc(run.workload)} <span class="muted">${esc(showTime(run))}</span></h1>
<table><tr><th>Valid?</th>${verdictCell(run.verdict)}</tr>${facts.join("")}</table>
${notes}${crash}
${reportSection(run, runDir, reports)}
${replayHint}
<h2>Files</h2>
${files}
${results}`,
  );
}

/** Links to the report files the run has; the others named as missing, with what to do. */
function reportSection(run: RunSummary, runDir: string, reports: ReadonlySet<ReportFileName>): string {
  const hint = `<p class="muted">${esc(noReportHint(runDir))}</p>`;
  if (reports.size === 0) return `<h2>Report</h2><p class="report-none">This run has no report files.</p>${hint}`;
  const items = REPORT_FILES.filter((f) => reports.has(f.name)).map((f) => `<li><a href="${esc(`${run.href}${encodeURIComponent(f.name)}`)}">${esc(f.name)}</a>: ${esc(f.what)}</li>`);
  // A workload's own picture is missing only from a run of that workload.
  const missing = REPORT_FILES.filter((f) => !reports.has(f.name) && (!("workload" in f) || f.workload === run.workload)).map((f) => f.name);
  const absent = missing.length === 0 ? "" : `<p class="muted">Not in this run: ${esc(missing.join(", "))}.</p>`;
  return `<h2>Report</h2><ul class="report">${items.join("")}</ul>${absent}`;
}

/** results.json pretty-printed (else results.edn as it is), or a link to it when it is too large to show. */
async function resultsSection(storeReal: string, run: RunSummary): Promise<string> {
  for (const name of ["results.json", "results.edn"]) {
    const r = await readInStore(storeReal, join(run.dir, name), { cap: SHOW_CAP, name });
    if (!r.ok) continue; // missing, or skipped and said so in the notes
    if (r.truncated) {
      const href = `${run.href}${encodeURIComponent(name)}`;
      return `<h2>${esc(name)}</h2><p>${esc(name)} is ${esc(formatSize(r.size))}: too large to show here; <a href="${esc(href)}">open the file</a>.</p>`;
    }
    const parsed = name === "results.json" ? parseJson(r.text) : undefined;
    const shown = asObject(parsed) !== null ? JSON.stringify(parsed, null, 2) : r.text;
    return `<h2>${esc(name)}</h2><pre>${esc(shown)}</pre>`;
  }
  return "";
}

/** A plain directory listing, for store directories that are neither a workload nor a run. */
export async function listingPage(storeReal: string, dir: string, rel: string[]): Promise<string> {
  const crumbs = rel.map((s, i) => (i === rel.length - 1 ? esc(s) : `<a href="/${rel.slice(0, i + 1).map(encodeURIComponent).map(esc).join("/")}/">${esc(s)}</a>`));
  const title = rel.join("/");
  return layout(title, `<nav><a href="/">All runs</a> / ${crumbs.join(" / ")}</nav><h1>${esc(title)}/</h1>${await fileRows(storeReal, dir, rel)}`);
}

/**
 * A table of a directory's entries (name, size) with links. Each entry passes
 * the store's one check (entryInStore): a link is shown as where it leads only
 * when that is in the store, and nothing but files and directories is linked.
 */
async function fileRows(storeReal: string, dir: string, rel: string[]): Promise<string> {
  const entries = (await dirents(dir)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (entries.length === 0) return `<p class="muted">(empty)</p>`;
  const base = `/${rel.map(encodeURIComponent).join("/")}/`;
  const rows = await Promise.all(
    entries.map(async (e) => {
      const link = e.isSymbolicLink();
      const entry = await entryInStore(storeReal, join(dir, e.name), e.name);
      let name = esc(e.name);
      let size = "";
      if (entry.ok) {
        const isDir = entry.stat.isDirectory();
        const label = `${name}${isDir ? "/" : ""}${link ? ' <span class="muted">(link)</span>' : ""}`;
        name = `<a href="${esc(`${base}${encodeURIComponent(e.name)}${isDir ? "/" : ""}`)}">${label}</a>`;
        if (isDir) {
          const n = (await dirents(entry.real)).length;
          size = `${n} entr${n === 1 ? "y" : "ies"}`;
        } else {
          size = `<span title="${entry.stat.size} bytes">${esc(formatSize(entry.stat.size))}</span>`;
        }
      } else if (entry.kind === "special") {
        name += ` <span class="muted">(${link ? "a link to something that is not a file: not served" : `${kindOf(e)}: not served`})</span>`;
      } else {
        const why = entry.kind === "outside" ? "link out of the store: not shown" : entry.kind === "missing" ? "broken link" : "cannot be read";
        name += ` <span class="muted">(${why})</span>`;
      }
      return `<tr><td>${name}</td><td class="num">${size}</td></tr>`;
    }),
  );
  return `<table><thead><tr><th>Name</th><th>Size</th></tr></thead><tbody>${rows.join("\n")}</tbody></table>`;
}

/** The 404 page for a path that is not in the store (or leads out of it). */
export function notFoundPage(segments: readonly string[]): string {
  return layout("Not found", `<h1>Not found</h1><p>There is no <code>${esc(segments.join("/"))}</code> in the store.</p><p><a href="/">All runs</a></p>`);
}

/**
 * The 404 page for a report file a run folder does not have: which file, and
 * why an older run has none. `store` is shown; `rel` is the run folder's path
 * under it, `name` the file.
 */
export function missingReportPage(store: string, rel: readonly string[], name: string): string {
  const what = REPORT_FILES.find((f) => f.name === name)?.what;
  const runHref = `/${rel.map(encodeURIComponent).join("/")}/`;
  return layout(
    `Not found: ${name}`,
    `<h1>Not found: ${esc(name)}</h1>
<p>The run <code>${esc(rel.join("/"))}</code> has no <code>${esc(name)}</code>${what === undefined ? "" : ` (${esc(what)})`}.</p>
<p>${esc(noReportHint(join(store, ...rel)))}</p>
<p><a href="${esc(runHref)}">The run's page</a> · <a href="/">All runs</a></p>`,
  );
}
