import { stat } from "node:fs/promises";
import { join } from "node:path";
import { formatSize } from "./format.js";
import { esc } from "./html.js";
import { dirents } from "./read-quietly.js";

/** A table of a directory's entries (name, size) with links; symlinks are shown as where they lead. */
export async function fileRows(dir: string, rel: string[]): Promise<string> {
  const entries = (await dirents(dir)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (entries.length === 0) return `<p class="muted">(empty)</p>`;
  const base = `/${rel.map(encodeURIComponent).join("/")}/`;
  const rows = await Promise.all(
    entries.map(async (e) => {
      const st = await stat(join(dir, e.name)).catch(() => null);
      const isDir = st?.isDirectory() ?? false;
      const href = `${base}${encodeURIComponent(e.name)}${isDir ? "/" : ""}`;
      let size = "";
      if (st && isDir) {
        const n = (await dirents(join(dir, e.name))).length;
        size = `${n} entr${n === 1 ? "y" : "ies"}`;
      } else if (st) {
        size = `<span title="${st.size} bytes">${esc(formatSize(st.size))}</span>`;
      }
      const name = `${esc(e.name)}${isDir ? "/" : ""}${e.isSymbolicLink() ? ' <span class="muted">(link)</span>' : ""}`;
      return `<tr><td>${st ? `<a href="${esc(href)}">${name}</a>` : `${name} <span class="muted">(broken link)</span>`}</td><td class="num">${size}</td></tr>`;
    }),
  );
  return `<table><thead><tr><th>Name</th><th>Size</th></tr></thead><tbody>${rows.join("\n")}</tbody></table>`;
}
