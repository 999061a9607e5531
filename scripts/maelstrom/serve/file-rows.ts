import { join } from "node:path";
import { formatSize } from "./format.js";
import { esc } from "./html.js";
import { dirents } from "./read-quietly.js";
import { entryInStore, kindOf } from "./store-file.js";

/**
 * A table of a directory's entries (name, size) with links. Each entry passes
 * the store's one check (entryInStore): a link is shown as where it leads only
 * when that is in the store, and nothing but files and directories is linked.
 */
export async function fileRows(storeReal: string, dir: string, rel: string[]): Promise<string> {
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
