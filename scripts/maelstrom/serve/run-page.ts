import { join } from "node:path";
import { showTime, verdictCell } from "./cells.js";
import { fileRows } from "./file-rows.js";
import { formatSize } from "./format.js";
import { esc, layout } from "./html.js";
import { asObject, parseJson } from "./json.js";
import type { RunSummary } from "./runs.js";
import { readInStore } from "./store-file.js";

/** At most this much of results.json (or results.edn) is shown on the page; the file itself has a link. */
export const SHOW_CAP = 1024 * 1024;

/**
 * One run's page: its verdict, its test.json facts, any crash, what was
 * skipped, its files and its results. `store` is shown; storeReal, its real
 * path, is what every file read is checked against.
 */
export async function runPage(store: string, storeReal: string, run: RunSummary): Promise<string> {
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
  const crash = t?.crash ? `<h2>Crash</h2><pre>${esc(t.crash)}</pre>` : "";
  const nodes = t?.nodes ?? [];
  const replayHint =
    nodes.length > 0
      ? `<p class="muted">Replay what one node received: <code>npm run replay -- --run ${esc(join(store, run.workload, run.timestamp))} --node ${esc(nodes[0]!)} --bin NODE</code> (or <code>--trust-run</code> to run the command its test.json names)</p>`
      : "";
  const notes = run.notes.length === 0 ? "" : `<ul class="muted">${run.notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>`;
  const results = await resultsSection(storeReal, run);
  const title = `${run.workload} ${run.timestamp}`;
  return layout(
    title,
    `<nav><a href="/">All runs</a> / <a href="/${esc(encodeURIComponent(run.workload))}/">${esc(run.workload)}</a> / ${esc(run.timestamp)}</nav>
<h1>${esc(run.workload)} <span class="muted">${esc(showTime(run))}</span></h1>
<table><tr><th>Valid?</th>${verdictCell(run.verdict)}</tr>${facts.join("")}</table>
${notes}${crash}${replayHint}
<h2>Files</h2>
${files}
${results}`,
  );
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
