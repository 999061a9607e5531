import { truncate } from "./format.js";
import { esc } from "./html.js";
import type { RunSummary } from "./runs.js";
import { TIMESTAMP } from "./timestamp.js";
import { VERDICT_COLORS, type Verdict } from "./verdict.js";

/** The coloured verdict cell: the word, and the detail under it. */
export function verdictCell(v: Verdict, tag: "td" | "div" = "td"): string {
  const detail = v.detail === undefined ? "" : `<small>${esc(truncate(v.detail, 300))}</small>`;
  const title = v.detail !== undefined && v.detail.length > 300 ? ` title="${esc(v.detail)}"` : "";
  return `<${tag} class="verdict verdict-${v.kind}" style="background:${VERDICT_COLORS[v.kind]}"${title}>${esc(v.label)}${detail}</${tag}>`;
}

/** When a run started, as shown (not escaped). */
export function showTime(run: RunSummary): string {
  const m = TIMESTAMP.exec(run.timestamp);
  if (m) return `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}${m[7] ? `.${m[7]}` : ""} ${m[8]}${m[9] ? ` (${m[9]})` : ""}`;
  return run.time ? run.time.toISOString() : run.timestamp;
}

/** A right-aligned number cell; empty when the figure is unknown. */
export function numCell(v: number | undefined, digits = 0): string {
  return `<td class="num">${v === undefined ? "" : esc(digits > 0 && !Number.isInteger(v) ? v.toFixed(digits) : String(v))}</td>`;
}
