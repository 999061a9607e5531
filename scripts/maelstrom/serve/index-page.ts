import { stat } from "node:fs/promises";
import { numCell, showTime, verdictCell } from "./cells.js";
import { esc, layout } from "./html.js";
import type { RunSummary } from "./runs.js";
import type { VerdictKind } from "./verdict.js";

/** The list of runs, all of them or one workload's, with verdicts and key figures. */
export async function indexPage(store: string, runs: RunSummary[], workload?: string): Promise<string> {
  const heading = workload === undefined ? "Maelstrom runs" : `Maelstrom runs: ${workload}`;
  const nav = workload === undefined ? "" : `<nav><a href="/">All runs</a></nav>`;
  if (runs.length === 0) {
    const exists = await stat(store).then((s) => s.isDirectory()).catch(() => false);
    const where = exists ? `no runs yet in ${store}` : `no runs yet in ${store} (it does not exist yet)`;
    return layout(heading, `${nav}<h1>${esc(heading)}</h1><p>${esc(where)}; run <code>npm run maelstrom -- test ...</code> to make one.</p>`);
  }
  const counts = new Map<VerdictKind, number>();
  for (const r of runs) counts.set(r.verdict.kind, (counts.get(r.verdict.kind) ?? 0) + 1);
  const summary = [...counts].map(([k, n]) => `${n} ${k}`).join(", ");
  const rows = runs.map((r) => {
    const f = r.figures;
    return `<tr>
<td><a href="${esc(r.href)}">${esc(showTime(r))}</a></td>
<td><a href="/${esc(encodeURIComponent(r.workload))}/">${esc(r.workload)}</a></td>
${verdictCell(r.verdict)}
${numCell(f.ops)}${numCell(f.msgsPerOp, 2)}${numCell(f.latencyMedian)}${numCell(f.latencyMax)}${numCell(f.lost)}${numCell(f.nodes)}
</tr>`;
  });
  return layout(
    heading,
    `${nav}<h1>${esc(heading)}</h1>
<p class="muted">${runs.length} run${runs.length === 1 ? "" : "s"} in ${esc(store)}, newest first (${esc(summary)}).</p>
<table>
<thead><tr><th>Time</th><th>Workload</th><th>Valid?</th><th title="client operations (stats.count)">Ops</th><th title="server messages per operation (net.servers.msgs-per-op)">Msgs/op</th><th title="median stable latency, ms (workload.stable-latencies 0.5)">Stable lat. p50</th><th title="maximum stable latency, ms (workload.stable-latencies 1)">Stable lat. max</th><th title="workload.lost-count">Lost</th><th>Nodes</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>`,
  );
}
