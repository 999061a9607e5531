import { stat } from "node:fs/promises";
import { numCell, showTime, verdictCell } from "./cells.js";
import { esc, layout } from "./html.js";
import type { RunSummary } from "./runs.js";
import type { VerdictKind } from "./verdict.js";

/** Runs listed per page of the index, by default. */
export const PAGE_SIZE = 100;

/**
 * The list of runs, all of them or one workload's, with verdicts and key
 * figures: page `page` (from 1) of them, `pageSize` to a page. Status 404 for
 * a page past the last.
 */
export async function indexPage(store: string, runs: RunSummary[], workload?: string, page = 1, pageSize = PAGE_SIZE): Promise<{ status: number; html: string }> {
  const heading = workload === undefined ? "Maelstrom runs" : `Maelstrom runs: ${workload}`;
  const nav = workload === undefined ? "" : `<nav><a href="/">All runs</a></nav>`;
  if (runs.length === 0) {
    const exists = await stat(store).then((s) => s.isDirectory()).catch(() => false);
    const where = exists ? `no runs yet in ${store}` : `no runs yet in ${store} (it does not exist yet)`;
    return { status: 200, html: layout(heading, `${nav}<h1>${esc(heading)}</h1><p>${esc(where)}; run <code>npm run maelstrom -- test ...</code> to make one.</p>`) };
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
    return `<tr>
<td><a href="${esc(r.href)}">${esc(showTime(r))}</a>${notes}</td>
<td><a href="/${esc(encodeURIComponent(r.workload))}/">${esc(r.workload)}</a></td>
${verdictCell(r.verdict)}
${numCell(f.ops)}${numCell(f.msgsPerOp, 2)}${numCell(f.latencyMedian)}${numCell(f.latencyMax)}${numCell(f.lost)}${numCell(f.nodes)}
</tr>`;
  });
  const html = layout(
    heading,
    `${nav}<h1>${esc(heading)}</h1>
<p class="muted">${runs.length} run${runs.length === 1 ? "" : "s"} in ${esc(store)}, newest first (${esc(summary)}).</p>
${paging}<table>
<thead><tr><th>Time</th><th>Workload</th><th>Valid?</th><th title="client operations (stats.count)">Ops</th><th title="server messages per operation (net.servers.msgs-per-op)">Msgs/op</th><th title="median stable latency, ms (workload.stable-latencies 0.5)">Stable lat. p50</th><th title="maximum stable latency, ms (workload.stable-latencies 1)">Stable lat. max</th><th title="workload.lost-count">Lost</th><th>Nodes</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>
${paging}`,
  );
  return { status: 200, html };
}
