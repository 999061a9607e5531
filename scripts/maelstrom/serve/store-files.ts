// Reading the store safely. The store may be old, made by hand, or hostile:
// links out of it, FIFOs and devices where files should be, files of 100 MiB,
// JSON that does not parse. Every page and the file route read through here,
// so one check decides what is shown: links are followed, but nothing whose
// real path is outside the store is read, listed or sized, nothing that is not
// a regular file or directory is opened, and files are read only up to a cap.
import { constants, type Dirent, type Stats } from "node:fs";
import { type FileHandle, open, readdir, realpath, stat } from "node:fs/promises";
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

/**
 * Why an entry of the store is not read: it does not exist (a broken link too),
 * it leads outside the store, it is not a regular file or directory (a FIFO, a
 * device, a socket: opening one could block or never end), or reading it failed.
 */
export type Skipped = { ok: false; kind: "missing" | "outside" | "special" | "unreadable"; why: string };

/** A store entry that passed the check: its real path and what stat says of it. */
export type StoreEntry = { ok: true; real: string; stat: Stats } | Skipped;

// O_NONBLOCK: should the entry be swapped for a FIFO after the check, open() still returns at once.
// O_NOFOLLOW: the real path has no link at its end; if one appeared since, refuse it.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0) | (constants.O_NOCTTY ?? 0);

/** What kind of thing a stat describes, for a person: "a FIFO", "a socket"... */
export function kindOf(st: Pick<Stats, "isFile" | "isDirectory" | "isFIFO" | "isSocket" | "isCharacterDevice" | "isBlockDevice">): string {
  if (st.isFile()) return "a file";
  if (st.isDirectory()) return "a directory";
  if (st.isFIFO()) return "a FIFO";
  if (st.isSocket()) return "a socket";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  return "not a file";
}

const cannotRead = (name: string, e: unknown): Skipped => ({ ok: false, kind: "unreadable", why: `${name} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });

/**
 * The one check every page makes before it reads, lists or sizes anything, the
 * same as the file route's: links are followed, but the real path must be in
 * the store (storeReal is the store's real path), and it must be a regular file
 * or a directory. Only stats; opens nothing.
 */
export async function entryInStore(storeReal: string, path: string, name = path): Promise<StoreEntry> {
  let real: string;
  try {
    real = await realpath(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === "ENOENT" || code === "ENOTDIR" ? { ok: false, kind: "missing", why: `${name} does not exist` } : cannotRead(name, e);
  }
  if (!isInStore(storeReal, real)) return { ok: false, kind: "outside", why: `${name} leads outside the store: not shown` };
  let st: Stats;
  try {
    st = await stat(real);
  } catch (e) {
    return cannotRead(name, e);
  }
  if (!st.isFile() && !st.isDirectory()) return { ok: false, kind: "special", why: `${name} is ${kindOf(st)}, not a regular file: skipped` };
  return { ok: true, real, stat: st };
}

/** Whether `path` is a regular file of the store (entryInStore's check), as the links to optional files need. */
export async function isFileInStore(storeReal: string, path: string): Promise<boolean> {
  const entry = await entryInStore(storeReal, path);
  return entry.ok && entry.stat.isFile();
}

/**
 * Opens a regular file of the store for reading, after entryInStore's check,
 * without ever blocking (see OPEN_FLAGS), and checks again on the open file.
 * The caller closes the handle.
 */
export async function openInStore(storeReal: string, path: string, name = path): Promise<{ ok: true; real: string; stat: Stats; handle: FileHandle } | Skipped> {
  const entry = await entryInStore(storeReal, path, name);
  if (!entry.ok) return entry;
  if (!entry.stat.isFile()) return { ok: false, kind: "special", why: `${name} is ${kindOf(entry.stat)}, not a regular file: skipped` };
  let handle: FileHandle;
  try {
    handle = await open(entry.real, OPEN_FLAGS);
  } catch (e) {
    return cannotRead(name, e);
  }
  const st = await handle.stat().catch(() => null);
  if (st === null || !st.isFile()) {
    await handle.close().catch(() => undefined);
    return { ok: false, kind: "special", why: `${name} ${st === null ? "cannot be read" : `is ${kindOf(st)}, not a regular file`}: skipped` };
  }
  return { ok: true, real: entry.real, stat: st, handle };
}

/** What readInStore read: at most `cap` bytes from the start, and `tail` bytes from the end when cut. */
export type Read = { ok: true; real: string; stat: Stats; size: number; text: string; truncated: boolean; tail: string } | Skipped;

/**
 * A regular file of the store as text, read only as far as `cap` bytes (a file
 * may be 100 MB); when it is longer, `truncated` is set and `tail` holds its
 * last `tail` bytes (default none). Never throws: a file that cannot be read is
 * Skipped, with why.
 */
export async function readInStore(storeReal: string, path: string, opts: { cap: number; tail?: number; name?: string }): Promise<Read> {
  const name = opts.name ?? path;
  const opened = await openInStore(storeReal, path, name);
  if (!opened.ok) return opened;
  const { handle, stat: st } = opened;
  try {
    const size = st.size;
    const head = await readAt(handle, 0, Math.min(size, opts.cap));
    const truncated = size > opts.cap;
    const tailBytes = truncated ? Math.min(opts.tail ?? 0, size - opts.cap) : 0;
    const tail = tailBytes > 0 ? await readAt(handle, size - tailBytes, tailBytes) : "";
    return { ok: true, real: opened.real, stat: st, size, text: head, truncated, tail };
  } catch (e) {
    return cannotRead(name, e);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Up to `length` bytes from `position`, as UTF-8 text (fewer if the file shrank meanwhile). */
async function readAt(handle: FileHandle, position: number, length: number): Promise<string> {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await handle.read(buf, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return buf.toString("utf8", 0, got);
}

/** A directory's entries; none if it cannot be read. Each entry still goes through entryInStore before use. */
export async function dirents(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** JSON.parse, but undefined instead of throwing: a stored file may be cut off or not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The value as a plain object, or null if it is not one (arrays are not). */
export function asObject(v: unknown): Record<string, unknown> | null {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/** Bytes as people read them: 512 B, 1.5 KiB, 2.0 MiB (the notes on files too large to read say so). */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}
