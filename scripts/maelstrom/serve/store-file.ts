import { constants, type Stats } from "node:fs";
import { type FileHandle, open, realpath, stat } from "node:fs/promises";
import { isInStore } from "./paths.js";

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
    return code === "ENOENT" || code === "ENOTDIR" ? { ok: false, kind: "missing", why: `${name} does not exist` } : { ok: false, kind: "unreadable", why: `${name} cannot be read (${code ?? (e as Error).message})` };
  }
  if (!isInStore(storeReal, real)) return { ok: false, kind: "outside", why: `${name} leads outside the store: not shown` };
  let st: Stats;
  try {
    st = await stat(real);
  } catch (e) {
    return { ok: false, kind: "unreadable", why: `${name} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  if (!st.isFile() && !st.isDirectory()) return { ok: false, kind: "special", why: `${name} is ${kindOf(st)}, not a regular file: skipped` };
  return { ok: true, real, stat: st };
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
    return { ok: false, kind: "unreadable", why: `${name} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
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
    return { ok: false, kind: "unreadable", why: `${name} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
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
