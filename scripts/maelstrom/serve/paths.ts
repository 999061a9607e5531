import { realpath } from "node:fs/promises";
import { join, sep } from "node:path";

/** The request path as decoded segments, or why it is refused. */
export type ParsedPath = { ok: true; segments: string[]; trailingSlash: boolean } | { ok: false; reason: string };

/**
 * Splits a request target into decoded path segments, refusing anything that
 * could leave the store: `.` and `..` (plain or percent-encoded), and segments
 * that decode to contain a slash, a backslash or NUL. Empty segments are dropped.
 */
export function parseRequestPath(target: string): ParsedPath {
  let path = target.replace(/[?#].*$/s, "");
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(path);
  if (absolute) path = path.slice(absolute[0].length) || "/";
  if (!path.startsWith("/")) return { ok: false, reason: "the path must start with /" };
  const segments: string[] = [];
  for (const raw of path.split("/")) {
    if (raw === "") continue;
    let s: string;
    try {
      s = decodeURIComponent(raw);
    } catch {
      return { ok: false, reason: `bad percent-encoding in ${JSON.stringify(raw)}` };
    }
    if (s === "." || s === "..") return { ok: false, reason: `"${s}" is not allowed in a path` };
    if (/[/\\\0]/.test(s)) return { ok: false, reason: `a path segment may not contain a slash, backslash or NUL (${JSON.stringify(raw)})` };
    segments.push(s);
  }
  return { ok: true, segments, trailingSlash: path.endsWith("/") };
}

/**
 * The real path (symlinks followed) of the entry the segments name under the
 * store, whose own real path is storeReal; null if it does not exist or its
 * real path is outside the store.
 */
export async function realPathInStore(storeReal: string, segments: readonly string[]): Promise<string | null> {
  const target = await realpath(join(storeReal, ...segments)).catch(() => null);
  return target !== null && isInStore(storeReal, target) ? target : null;
}

/** Whether a real path (symlinks already followed) is the store's real path or under it. */
export function isInStore(storeReal: string, real: string): boolean {
  return real === storeReal || real.startsWith(storeReal.endsWith(sep) ? storeReal : storeReal + sep);
}
