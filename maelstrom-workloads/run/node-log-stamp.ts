/** The ms figure is padded to this width, so that lines of runs under 27 hours line up. */
const MS_WIDTH = 8;

/**
 * What starts a node-log line written `ms` after the run began, on the
 * journal's clock (journal.jsonl's times are this, in ns; history.jsonl's run
 * from the end of init and setup, see report/clock-offset.ts): "     123 ms ".
 * Whole ms, rounded down: the line came during that ms.
 */
export function nodeLogPrefix(ms: number): string {
  return `${String(Math.max(0, Math.floor(ms))).padStart(MS_WIDTH)} ms `;
}

/**
 * Puts the time before every line of one node process's log as its bytes
 * come (ours: Maelstrom's node logs are the bare stderr). A line gets the
 * time its first byte arrived; a line split across chunks gets one prefix;
 * nothing is held back, so a line of any length streams through and a last
 * line without a newline is written with its prefix. Lines end at \n (a \r
 * before it stays). One instance per process: a restarted node's log goes on
 * in the same file with a new stamper, after end()'s newline.
 */
export class NodeLogStamp {
  #atLineStart = true;

  /** `now`: ms since the run began, on the journal's clock. */
  constructor(private readonly now: () => number) {}

  /** A chunk of stderr, with a prefix before each line that begins in it. */
  bytes(chunk: Buffer): Buffer {
    if (chunk.length === 0) return chunk;
    const prefix = Buffer.from(nodeLogPrefix(this.now()));
    const parts: Buffer[] = [];
    for (let from = 0; from < chunk.length; ) {
      if (this.#atLineStart) parts.push(prefix);
      const nl = chunk.indexOf(0x0a, from);
      const to = nl < 0 ? chunk.length : nl + 1;
      parts.push(chunk.subarray(from, to));
      this.#atLineStart = nl >= 0;
      from = to;
    }
    return Buffer.concat(parts);
  }

  /** As bytes(), for text (the simulator's in-process nodes log strings). */
  text(chunk: string): string {
    if (chunk.length === 0) return chunk;
    const prefix = nodeLogPrefix(this.now());
    let out = "";
    for (let from = 0; from < chunk.length; ) {
      if (this.#atLineStart) out += prefix;
      const nl = chunk.indexOf("\n", from);
      const to = nl < 0 ? chunk.length : nl + 1;
      out += chunk.slice(from, to);
      this.#atLineStart = nl >= 0;
      from = to;
    }
    return out;
  }

  /** What ends the process's log: a newline if its last line had none (so that a restart's first line starts a line), else nothing. */
  end(): string {
    if (this.#atLineStart) return "";
    this.#atLineStart = true;
    return "\n";
  }
}
