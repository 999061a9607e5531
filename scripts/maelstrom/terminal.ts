import type { EventEmitter } from "node:events";

/**
 * Error codes that mean the terminal (or pipe) is gone, not that the harness
 * failed: EPIPE (a reader such as `| head` closed early), EIO (the terminal was
 * closed: SIGHUP, then writes to the tty fail), ERR_STREAM_DESTROYED (a write
 * after the stream was torn down by one of those).
 */
export const TERMINAL_GONE_CODES: readonly string[] = ["EPIPE", "EIO", "ERR_STREAM_DESTROYED"];

export function terminalGone(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return typeof code === "string" && TERMINAL_GONE_CODES.includes(code);
}

type Stream = EventEmitter & { write(chunk: string): unknown };

/**
 * Listens for errors on `stream`: one of TERMINAL_GONE_CODES marks it closed
 * (the run goes on; its lines are still in run.log); any other is `onCrash`.
 * Returns whether the stream is still open.
 */
export function guardTerminal(stream: Stream, onCrash: (e: unknown) => void): () => boolean {
  let open = true;
  stream.on("error", (e: unknown) => {
    if (!terminalGone(e)) return onCrash(e);
    open = false;
  });
  return () => open;
}

/**
 * Where a run's lines go: `stream` (stdout). Once the terminal is gone (see
 * TERMINAL_GONE_CODES) nothing more is written to it and the run goes on.
 */
export function terminal(stream: Stream, onCrash: (e: unknown) => void): (line: string) => void {
  const isOpen = guardTerminal(stream, onCrash);
  let thrown = false;
  return (line) => {
    if (thrown || !isOpen()) return;
    try {
      stream.write(`${line}\n`);
    } catch (e) {
      thrown = true;
      if (!terminalGone(e)) onCrash(e);
    }
  };
}
