import type { Readable } from "node:stream";

export interface LineSplitter {
  /** Delivers a last line that had no newline, if any (for streams destroyed before they ended). */
  flush(): void;
}

/**
 * Calls `onLine` for every line of a text stream, without its `\n`, and
 * `onChunk` for every chunk as it arrives (to notice activity even before a
 * line is complete). A last line without a newline is delivered at the end.
 */
export function splitLines(stream: Readable, onLine: (line: string) => void, onChunk: () => void = () => {}): LineSplitter {
  let partial = "";
  let flushed = false;
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    onChunk();
    partial += chunk;
    let nl: number;
    while ((nl = partial.indexOf("\n")) >= 0) {
      const line = partial.slice(0, nl);
      partial = partial.slice(nl + 1);
      onLine(line);
    }
  });
  const flush = () => {
    if (flushed) return;
    flushed = true;
    if (partial !== "") {
      const last = partial;
      partial = "";
      onLine(last);
    }
  };
  stream.on("end", flush);
  return { flush };
}
