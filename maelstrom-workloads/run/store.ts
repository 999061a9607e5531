import { closeSync, createWriteStream, mkdirSync, openSync, renameSync, rmSync, symlinkSync, writeFileSync, writeSync, type WriteStream } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { Op } from "../model/op.js";
import { historyLines } from "./history-lines.js";
import { CURRENT_LINK, LATEST_LINK, nodeLogFile, RUN_FILES, type TestJson } from "../model/store-format.js";
import { jsonText } from "../model/json-text.js";

/** Jepsen's run directory name: basic ISO date-time with milliseconds and offset, e.g. 20261121T120102.345+0000. */
export function runTimestamp(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}T${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}+0000`;
}

/** Makes each temporary link name unique, also between runs in one process. */
let linkCount = 0;

const endStream = (w: WriteStream) => new Promise<void>((r) => (w.destroyed || w.writableFinished ? r() : w.writableEnded ? w.once("finish", () => r()) : w.end(r)));

/**
 * One run's folder, store/<workload>/<timestamp>/, with the files a person
 * opens afterwards: results.json, test.json, history.jsonl and history.txt,
 * journal.jsonl, node-logs/<id>.log and run.log (their names and test.json's
 * shape are in model/store-format.ts). As in Jepsen, store/current points at
 * the run from when it starts, and store/latest and store/<workload>/latest
 * once it has ended (finished()).
 */
export class RunStore {
  readonly dir: string;
  readonly journal: WriteStream;
  readonly runLog: WriteStream;
  /** The first error writing journal.jsonl or run.log (disk full, out of file descriptors); close() reports it. */
  #streamError: Error | undefined;

  constructor(readonly storeDir: string, readonly workload: string, start: Date) {
    this.dir = createRunDir(join(storeDir, workload), runTimestamp(start));
    mkdirSync(join(this.dir, RUN_FILES.nodeLogs));
    this.journal = this.#stream(RUN_FILES.journal);
    this.runLog = this.#stream(RUN_FILES.runLog);
    this.#link([CURRENT_LINK]);
  }

  /**
   * The run has ended (its test.json says how): store/latest and
   * store/<workload>/latest point at it now. Whatever the ending (done,
   * crashed, interrupted), its folder is complete. A run that never gets here
   * (the harness killed) leaves latest at the run before; current still points at it.
   */
  finished(): void {
    this.#link([LATEST_LINK], [this.workload, LATEST_LINK]);
  }

  nodeLogPath(node: string): string {
    return join(this.dir, nodeLogFile(node));
  }

  /** test.json: written when the run starts (status "running") and rewritten when it ends. */
  writeTestJson(test: TestJson): void {
    this.writeJson(RUN_FILES.test, test);
  }

  writeJson(name: string, value: unknown): void {
    writeFileSync(join(this.dir, name), jsonText(value, 2) + "\n");
  }

  /** history.jsonl and Jepsen's history.txt (see historyLines). */
  writeHistory(ops: readonly Op[]): void {
    writeLines([join(this.dir, RUN_FILES.history), join(this.dir, RUN_FILES.historyText)], ops, historyLines);
  }

  /** Ends journal.jsonl and run.log (whichever is still open); throws if either could not be written. */
  async close(): Promise<void> {
    await Promise.all([this.journal, this.runLog].map(endStream));
    if (this.#streamError) throw this.#streamError;
  }

  /** Ends journal.jsonl alone, so that it can be read (the report) while run.log stays open. */
  async closeJournal(): Promise<void> {
    await endStream(this.journal);
  }

  #stream(name: string): WriteStream {
    const w = createWriteStream(join(this.dir, name));
    w.on("error", (e) => (this.#streamError ??= new Error(`could not write ${join(this.dir, name)}: ${e.message}`)));
    return w;
  }

  /**
   * Points each link (its path in the store, as parts) at this run: a
   * relative link, made under a name of its own and renamed over the old one,
   * so a reader never finds the link missing.
   */
  #link(...links: string[][]): void {
    for (const parts of links) {
      const path = join(this.storeDir, ...parts);
      const tmp = `${path}.tmp-${process.pid}-${++linkCount}`;
      rmSync(tmp, { force: true });
      symlinkSync(relative(dirname(path), this.dir), tmp);
      renameSync(tmp, path);
    }
  }
}

/**
 * Writes one line per item to each file (`lines` gives an item's line for
 * each), synchronously, in chunks of about 1 MiB: a long run's history (a
 * broadcast's reads carry every value so far) is larger than the longest
 * string JavaScript can build.
 */
function writeLines<T>(paths: readonly string[], items: readonly T[], lines: (item: T) => readonly string[]): void {
  const fds: number[] = [];
  try {
    for (const p of paths) fds.push(openSync(p, "w"));
    const chunks = paths.map(() => "");
    for (const item of items) {
      const ls = lines(item);
      for (let k = 0; k < fds.length; k++) {
        chunks[k] += ls[k] + "\n";
        if (chunks[k]!.length >= 1 << 20) {
          writeAll(fds[k]!, chunks[k]!);
          chunks[k] = "";
        }
      }
    }
    for (let k = 0; k < fds.length; k++) writeAll(fds[k]!, chunks[k]!);
  } finally {
    for (const fd of fds) closeSync(fd);
  }
}

function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text);
  for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off);
}

/**
 * Creates <parent>/<name>, or <name>-1, <name>-2, ... if taken: each attempt
 * is one mkdir, which fails if the folder exists, so two harnesses started in
 * the same millisecond never share a folder.
 */
function createRunDir(parent: string, name: string): string {
  mkdirSync(parent, { recursive: true });
  for (let i = 0; ; i++) {
    const dir = join(parent, i === 0 ? name : `${name}-${i}`);
    try {
      mkdirSync(dir);
      return dir;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
}
