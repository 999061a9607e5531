import { fileRows } from "./file-rows.js";
import { esc, layout } from "./html.js";

/** A plain directory listing, for store directories that are neither a workload nor a run. */
export async function listingPage(storeReal: string, dir: string, rel: string[]): Promise<string> {
  const crumbs = rel.map((s, i) => (i === rel.length - 1 ? esc(s) : `<a href="/${rel.slice(0, i + 1).map(encodeURIComponent).map(esc).join("/")}/">${esc(s)}</a>`));
  const title = rel.join("/");
  return layout(title, `<nav><a href="/">All runs</a> / ${crumbs.join(" / ")}</nav><h1>${esc(title)}/</h1>${await fileRows(storeReal, dir, rel)}`);
}
