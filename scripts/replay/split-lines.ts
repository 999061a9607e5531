import type { Readable } from "node:stream";
import { DEFAULT_MAX_LINE_BYTES } from "../../lib/runtime/stdio-transport.js";
import { LineSplitter as BoundedSplitter } from "../../lib/runtime/line-splitter.js";

/** How much of a line over the limit is shown in its place. */
const HEAD_BYTES = 1024;

export interface LineSplitter {
  /** Delivers a last line that had no newline, if any (for streams destroyed before they ended). */
  flush(): void;
}

/**
 * Calls `onLine` for every line of a text stream, without its `\n` (a `\r`
 * stays), and `onChunk` for every chunk as it arrives (to notice activity even
 * before a line is complete). A last line without a newline is delivered at
 * the end. A line longer than `maxLineBytes` (default 64 MiB, a node's own
 * limit) is not held: its first 1 KB and a note of its length come in its place.
 */
export function splitLines(stream: Readable, onLine: (line: string) => void, onChunk: () => void = () => {}, maxLineBytes = DEFAULT_MAX_LINE_BYTES): LineSplitter {
  let flushed = false;
  const splitter = new BoundedSplitter({
    lineEnds: "lf",
    maxLineBytes,
    headBytes: HEAD_BYTES,
    onLine,
    onTooLong: (head, bytes) => onLine(`${head}… (a line of ${bytes} bytes, longer than replay's limit of ${maxLineBytes} bytes: only its start is kept)`),
  });
  stream.on("data", (chunk: Buffer | string) => {
    onChunk();
    splitter.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk);
  });
  const flush = () => {
    if (flushed) return;
    flushed = true;
    splitter.end();
  };
  stream.on("end", flush);
  return { flush };
}
