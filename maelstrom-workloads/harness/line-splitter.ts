/**
 * Splits a node's stdout into lines as Java's BufferedReader.readLine does for
 * Maelstrom (a line ends at \n, \r or \r\n; a last line without an end still
 * counts), while holding at most `maxBytes` of any one line: a longer line is
 * reported by its first `headBytes` bytes and its length, never kept whole.
 * The limit is ours: Maelstrom reads lines of any length.
 */
export class LineSplitter {
  #parts: Buffer[] = [];
  #size = 0;
  #overflow = false;
  #skipLf = false;

  constructor(
    private readonly o: {
      maxBytes: number;
      headBytes: number;
      onLine: (line: string) => void;
      /** A line longer than maxBytes: its first headBytes bytes (decoded) and its full length in bytes. */
      onTooLong: (head: string, bytes: number) => void;
    },
  ) {}

  push(chunk: Buffer): void {
    let from = 0;
    if (this.#skipLf && chunk.length > 0) {
      if (chunk[0] === 0x0a) from = 1;
      this.#skipLf = false;
    }
    while (from < chunk.length) {
      let end = from;
      while (end < chunk.length && chunk[end] !== 0x0a && chunk[end] !== 0x0d) end++;
      this.#add(chunk.subarray(from, end));
      if (end === chunk.length) return;
      if (chunk[end] === 0x0d) {
        if (end + 1 < chunk.length) {
          if (chunk[end + 1] === 0x0a) end++;
        } else {
          this.#skipLf = true;
        }
      }
      this.#finish();
      from = end + 1;
    }
  }

  /** The input ended: a last line without a line end is still a line. */
  end(): void {
    if (this.#size > 0 || this.#parts.length > 0) this.#finish();
  }

  #add(seg: Buffer): void {
    if (seg.length === 0) {
      if (this.#parts.length === 0) this.#parts.push(seg); // an empty line is still a line
      return;
    }
    const size = this.#size + seg.length;
    if (!this.#overflow && size > this.o.maxBytes) {
      // Keep only the head; count the rest.
      const all = Buffer.concat([...this.#parts, seg]);
      this.#parts = [Buffer.from(all.subarray(0, this.o.headBytes))];
      this.#overflow = true;
    } else if (!this.#overflow) {
      this.#parts.push(Buffer.from(seg));
    }
    this.#size = size;
  }

  #finish(): void {
    const parts = this.#parts;
    const size = this.#size;
    const overflow = this.#overflow;
    this.#parts = [];
    this.#size = 0;
    this.#overflow = false;
    if (overflow) this.o.onTooLong(Buffer.concat(parts).toString("utf8"), size);
    else this.o.onLine(Buffer.concat(parts).toString("utf8"));
  }
}
