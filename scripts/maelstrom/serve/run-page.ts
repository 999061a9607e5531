import { join } from "node:path";
import { showTime, verdictCell } from "./cells.js";
import { fileRows } from "./file-rows.js";
import { esc, layout } from "./html.js";
import { readMaybe } from "./read-quietly.js";
import type { RunSummary } from "./runs.js";

/** One run's page: its verdict, its test.json facts, any crash, its files and its results. */
export async function runPage(store: string, run: RunSummary): Promise<string> {
  const files = await fileRows(run.dir, [run.workload, run.timestamp]);
  const t = run.test;
  const facts: string[] = [];
  const fact = (k: string, v: unknown) => {
    if (v === undefined || v === null) return;
    const text = Array.isArray(v) ? v.map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join(" ") : typeof v === "string" ? v : JSON.stringify(v);
    facts.push(`<tr><th>${esc(k)}</th><td><code>${esc(text)}</code></td></tr>`);
  };
  if (t) {
    for (const k of ["workload", "bin", "bin-args", "nodes", "seed", "start-time", "exit-code", "argv"]) fact(k, t[k]);
  }
  const crash = typeof t?.crash === "string" && t.crash !== "" ? `<h2>Crash</h2><pre>${esc(t.crash)}</pre>` : "";
  const nodes = Array.isArray(t?.nodes) ? t.nodes.filter((n): n is string => typeof n === "string") : [];
  const replayHint =
    nodes.length > 0
      ? `<p class="muted">Replay what one node received: <code>npm run replay -- --run ${esc(join(store, run.workload, run.timestamp))} --node ${esc(nodes[0]!)}</code></p>`
      : "";
  let results = "";
  if (run.results !== null) {
    results = `<h2>results.json</h2><pre>${esc(JSON.stringify(run.results, null, 2))}</pre>`;
  } else {
    const raw = (await readMaybe(join(run.dir, "results.json"))) ?? (await readMaybe(join(run.dir, "results.edn")));
    if (raw !== null) results = `<h2>Results</h2><pre>${esc(raw)}</pre>`;
  }
  const title = `${run.workload} ${run.timestamp}`;
  return layout(
    title,
    `<nav><a href="/">All runs</a> / <a href="/${esc(encodeURIComponent(run.workload))}/">${esc(run.workload)}</a> / ${esc(run.timestamp)}</nav>
<h1>${esc(run.workload)} <span class="muted">${esc(showTime(run))}</span></h1>
<table><tr><th>Valid?</th>${verdictCell(run.verdict)}</tr>${facts.join("")}</table>
${crash}${replayHint}
<h2>Files</h2>
${files}
${results}`,
  );
}
