/**
 * Where a line ends:
 * - "lf": at \n; a \r is part of the line (the replay tool's view of a stream).
 * - "lf-strip-cr": at \n, and one \r at the end of the line (before the \n, or
 *   before the end of the input) is dropped from the text delivered; it still
 *   counts in the line's length (the node's view of its stdin).
 * - "java": at \n, \r or \r\n, as Java's BufferedReader.readLine (how Maelstrom
 *   reads a node's stdout).
 * In every mode a last line without a line end still counts, at end().
 */
export type LineEnds = "lf" | "lf-strip-cr" | "java";

export interface LineSplitterOptions {
  lineEnds: LineEnds;
  /** A line longer than this many bytes (without its line end) is not delivered: onTooLong gets its head and length instead. */
  maxLineBytes: number;
  /** How many of an over-long line's first bytes (at most maxLineBytes) are kept and passed to onTooLong. Default 0: nothing of it is held. */
  headBytes?: number;
  onLine: (line: string) => void;
  /** A line longer than maxLineBytes: its first headBytes bytes (decoded) and its full length in bytes. */
  onTooLong: (head: string, bytes: number) => void;
  /** Asked before each line: while it is true, push() stops and returns the rest of its chunk, for the caller to push again later. */
  paused?: () => boolean;
}

const LF = 0x0a;
const CR = 0x0d;
const EMPTY = Buffer.alloc(0);

/**
 * Splits bytes into lines, holding at most maxLineBytes (or headBytes, once a
 * line is over the limit) of the line being read, whatever the chunking. A
 * UTF-8 character split across chunks is decoded whole. No I/O: bytes come
 * in through push() and end(), lines go out through the callbacks.
 */
export class LineSplitter {
  readonly #java: boolean;
  readonly #stripCr: boolean;
  readonly #max: number;
  readonly #head: number;
  readonly #onLine: (line: string) => void;
  readonly #onTooLong: (head: string, bytes: number) => void;
  readonly #paused: (() => boolean) | undefined;
  /** Copies of the pieces of the line being read (just its head once it is over the limit). */
  #parts: Buffer[] = [];
  /** Bytes of the line being read so far. */
  #bytes = 0;
  #over = false;
  /** "java": the last chunk ended in \r, so a \n that starts the next one ends no new line. */
  #skipLf = false;

  constructor(o: LineSplitterOptions) {
    if (!Number.isSafeInteger(o.maxLineBytes) || o.maxLineBytes <= 0) throw new RangeError(`LineSplitter: maxLineBytes must be a positive integer number of bytes, got ${o.maxLineBytes}`);
    const head = o.headBytes ?? 0;
    if (!Number.isSafeInteger(head) || head < 0) throw new RangeError(`LineSplitter: headBytes must be a non-negative integer number of bytes, got ${head}`);
    if (o.lineEnds !== "lf" && o.lineEnds !== "lf-strip-cr" && o.lineEnds !== "java") throw new RangeError(`LineSplitter: lineEnds must be "lf", "lf-strip-cr" or "java", got ${String(o.lineEnds)}`);
    this.#java = o.lineEnds === "java";
    this.#stripCr = o.lineEnds === "lf-strip-cr";
    this.#max = o.maxLineBytes;
    this.#head = Math.min(head, o.maxLineBytes);
    this.#onLine = o.onLine;
    this.#onTooLong = o.onTooLong;
    this.#paused = o.paused;
  }

  /** Bytes of an unfinished line held so far (counted in full, even past the limit). */
  get pendingBytes(): number {
    return this.#bytes;
  }

  /**
   * Splits a chunk, delivering every line it ends. Returns undefined when the
   * chunk was used up, or, if `paused` said so before a line, the part not yet
   * read (push it again to go on).
   */
  push(chunk: Buffer): Buffer | undefined {
    const n = chunk.length;
    let from = 0;
    if (this.#skipLf && n > 0) {
      if (chunk[0] === LF) from = 1;
      this.#skipLf = false;
    }
    const java = this.#java;
    let cr = java ? chunk.indexOf(CR, from) : -1;
    while (from < n) {
      if (this.#paused?.()) return chunk.subarray(from);
      let end = chunk.indexOf(LF, from);
      let next = end + 1;
      if (java) {
        if (cr !== -1 && cr < from) cr = chunk.indexOf(CR, from);
        if (cr !== -1 && (end === -1 || cr < end)) {
          end = cr;
          next = cr + 1;
          if (next === n) this.#skipLf = true;
          else if (chunk[next] === LF) next++;
        }
      }
      if (end === -1) {
        this.#add(chunk.subarray(from));
        return undefined;
      }
      this.#finish(chunk, from, end);
      from = next;
    }
    return undefined;
  }

  /** The input ended: a last line without a line end is still a line. */
  end(): void {
    this.#skipLf = false;
    if (this.#bytes > 0) this.#finish(EMPTY, 0, 0);
  }

  /** Forgets the line being read (e.g. when nothing more will be read). */
  discard(): void {
    this.#parts = [];
    this.#bytes = 0;
    this.#over = false;
    this.#skipLf = false;
  }

  /** A piece of a line that goes on in the next chunk. */
  #add(piece: Buffer): void {
    const bytes = this.#bytes + piece.length;
    if (!this.#over) {
      if (bytes > this.#max) {
        this.#parts = this.#head === 0 ? [] : [Buffer.from(Buffer.concat([...this.#parts, piece]).subarray(0, this.#head))];
        this.#over = true;
      } else {
        this.#parts.push(Buffer.from(piece));
      }
    }
    this.#bytes = bytes;
  }

  /** Ends the line whose last piece is chunk[from, end), and delivers it. */
  #finish(chunk: Buffer, from: number, end: number): void {
    const total = this.#bytes + (end - from);
    const parts = this.#parts;
    const over = this.#over;
    this.#parts = [];
    this.#bytes = 0;
    this.#over = false;
    if (over || total > this.#max) {
      let head = "";
      if (this.#head > 0) head = (over ? Buffer.concat(parts) : Buffer.concat([...parts, chunk.subarray(from, end)])).toString("utf8", 0, this.#head);
      this.#onTooLong(head, total);
      return;
    }
    const strip = this.#stripCr;
    let line: string;
    if (parts.length === 0) {
      if (strip && end > from && chunk[end - 1] === CR) end--;
      line = chunk.toString("utf8", from, end);
    } else {
      parts.push(chunk.subarray(from, end));
      const all = Buffer.concat(parts);
      line = all.toString("utf8", 0, strip && all[all.length - 1] === CR ? all.length - 1 : all.length);
    }
    this.#onLine(line);
  }
}
