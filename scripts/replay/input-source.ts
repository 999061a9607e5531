import type { Readable } from "node:stream";
import { isCommentOrBlank } from "./input-line.js";
import { splitLines } from "./split-lines.js";

/** Where input lines come from: a whole file read up front, or a stream read as it goes. */
export interface InputSource {
  /** The next line (a trailing `\r` removed), or null at the end. */
  next(): Promise<string | null>;
  /** How many lines left would be sent (not comments or blank), if known. */
  remaining(): number | null;
  /** Stops reading. */
  close(): void;
}

/** Input from text already in memory (a file). Trailing `\r` of CRLF lines is dropped. */
export function inputFromText(text: string): InputSource {
  const lines = text.split("\n").map(stripCr);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  let i = 0;
  return {
    next: () => Promise.resolve(i < lines.length ? lines[i++]! : null),
    remaining: () => lines.slice(i).filter((l) => !isCommentOrBlank(l)).length,
    close: () => {
      i = lines.length;
    },
  };
}

/**
 * Input read line by line from a stream (stdin), so lines typed at a terminal
 * or piped in slowly are sent as they come.
 */
export function inputFromStream(stream: Readable): InputSource {
  const queue: string[] = [];
  let ended = false;
  let waiter: ((line: string | null) => void) | undefined;
  const push = (line: string | null) => {
    if (waiter) {
      const w = waiter;
      waiter = undefined;
      w(line);
    } else if (line !== null) {
      queue.push(line);
    }
  };
  const onEnd = () => {
    ended = true;
    push(null);
  };
  splitLines(stream, (l) => push(stripCr(l)));
  stream.on("end", onEnd);
  stream.on("error", onEnd);
  return {
    next: () => {
      if (queue.length > 0) return Promise.resolve(queue.shift()!);
      if (ended) return Promise.resolve(null);
      return new Promise((resolve) => {
        waiter = resolve;
      });
    },
    remaining: () => (ended ? queue.filter((l) => !isCommentOrBlank(l)).length : null),
    close: () => {
      stream.pause();
      stream.removeListener("end", onEnd);
      if (!ended) {
        ended = true;
        stream.destroy();
      }
    },
  };
}

function stripCr(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}
