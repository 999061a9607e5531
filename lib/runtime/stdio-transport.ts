import type { Readable, Writable } from "node:stream";
import { LineSplitter } from "./line-splitter.js";
import type { Transport, TransportSink } from "./transport.js";

/** Longest input line accepted by default: 64 MiB (Maelstrom's messages are far smaller; V8's longest string is about 512 MiB). */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;
/** Output held for a slow reader beyond which input is paused, by default: 16 MiB. */
export const DEFAULT_MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** Lines are joined into writes of about this size. */
const WRITE_CHUNK = 1024 * 1024;

export interface StdioTransportOptions {
  /** An input line longer than this many bytes (without its newline) is skipped, with one log line. Default 64 MiB. */
  maxLineBytes?: number;
  /**
   * Output not yet taken by the reader (queued, or handed to the stream and not
   * yet written), in bytes, beyond which input is paused until it falls to half. Default 16 MiB.
   */
  maxBufferedBytes?: number;
  /** Where the transport's own diagnostics go, one line each, without a newline. Default: stderr. */
  log?: (text: string) => void;
}

/**
 * Reads lines from one stream and writes lines to another. Lines written
 * during one turn of the event loop are joined into a single write, which
 * saves a system call per message when many requests arrive together.
 *
 * It never lets one line take the node down: an over-long input line is
 * skipped, a throwing line handler is logged, a reader that stalls pauses the
 * input (so memory stays bounded), and a reader that goes away (EPIPE) ends
 * the input, so the node stops quietly.
 */
export class StdioTransport implements Transport {
  readonly #input: Readable;
  readonly #output: Writable;
  readonly #maxBufferedBytes: number;
  readonly #log: (text: string) => void;
  #sink: TransportSink | undefined;

  // Input: the line splitter, and the part of a chunk not yet split (while paused).
  readonly #splitter: LineSplitter;
  #held: Buffer | undefined;
  #paused = false;
  #inputEnded = false;
  #endDelivered = false;

  // Output.
  #queue: string[] = [];
  #queuedBytes = 0;
  #inFlightBytes = 0;
  #scheduled = false;
  #lastWrite: Promise<void> = Promise.resolve();
  #outputGone = false;
  #failure: Error | undefined;

  constructor(input: Readable = process.stdin, output: Writable = process.stdout, opts: StdioTransportOptions = {}) {
    this.#input = input;
    this.#output = output;
    const maxLineBytes = positive(opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES, "maxLineBytes");
    this.#maxBufferedBytes = positive(opts.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES, "maxBufferedBytes");
    this.#log = opts.log ?? ((t) => void process.stderr.write(`${t}\n`));
    this.#splitter = new LineSplitter({
      lineEnds: "lf-strip-cr",
      maxLineBytes,
      onLine: (line) => this.#deliver(line),
      onTooLong: (_head, bytes) =>
        this.#log(`skipped a line of ${bytes} bytes on stdin: longer than the limit of ${maxLineBytes} bytes; reading goes on with the next line`),
      paused: () => this.#paused || this.#endDelivered,
    });
    // Without a listener, a failed write (EPIPE) is an unhandled 'error' event that kills the process.
    this.#output.on("error", (e) => this.#outputFailed(e));
  }

  /** Output held for the reader: queued here, or handed to the stream and not yet written. */
  get bufferedBytes(): number {
    return this.#queuedBytes + this.#inFlightBytes;
  }

  start(sink: TransportSink): void {
    if (this.#sink) throw new Error("StdioTransport: already started");
    this.#sink = sink;
    this.#input.on("data", (chunk: Buffer | string) => {
      const b = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
      this.#held = this.#held ? Buffer.concat([this.#held, b]) : b;
      this.#split();
    });
    this.#input.on("end", () => this.#endInput());
    this.#input.on("error", (e) => {
      this.#log(`reading stdin failed (${e.message}); treating it as closed`);
      this.#endInput();
    });
  }

  write(line: string): void {
    if (this.#outputGone) return;
    this.#queue.push(line);
    this.#queuedBytes += line.length + 1;
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => this.#drain());
    }
    if (this.bufferedBytes > this.#maxBufferedBytes) this.#pause();
  }

  /** Resolves once everything written so far has been written; rejects if the output failed other than by its reader leaving. */
  flush(): Promise<void> {
    this.#drain();
    return this.#lastWrite.then(() => {
      if (this.#failure) throw this.#failure;
    });
  }

  /** Splits held input into lines and delivers them, until input is paused or used up. */
  #split(): void {
    const buf = this.#held;
    this.#held = undefined;
    if (buf) {
      const rest = this.#splitter.push(buf);
      if (rest && !this.#endDelivered) {
        this.#held = rest;
        return;
      }
    }
    if (this.#inputEnded) this.#endInput();
  }

  #deliver(line: string): void {
    try {
      this.#sink!.line(line);
    } catch (e) {
      this.#log(`handling a line of input threw (reading goes on): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }

  /** Input is over (EOF, a read error, or output gone): deliver the last unterminated line, then end, once. */
  #endInput(): void {
    this.#inputEnded = true;
    if (this.#endDelivered || this.#held !== undefined) return;
    this.#splitter.end();
    this.#endDelivered = true;
    this.#sink?.end();
  }

  #pause(): void {
    if (this.#paused) return;
    this.#paused = true;
    this.#input.pause();
  }

  #resumeIfDrained(): void {
    if (!this.#paused || this.bufferedBytes > this.#maxBufferedBytes / 2) return;
    this.#paused = false;
    this.#split();
    if (!this.#paused && !this.#inputEnded) this.#input.resume();
  }

  #drain(): void {
    this.#scheduled = false;
    if (this.#queue.length === 0) return;
    const lines = this.#queue;
    this.#queue = [];
    this.#queuedBytes = 0;
    if (this.#outputGone) return;
    let batch: string[] = [];
    let size = 0;
    for (const l of lines) {
      batch.push(l);
      size += l.length + 1;
      if (size >= WRITE_CHUNK) {
        this.#send(batch, size);
        batch = [];
        size = 0;
      }
    }
    if (batch.length > 0) this.#send(batch, size);
  }

  #send(batch: string[], size: number): void {
    this.#inFlightBytes += size;
    // One line near V8's longest string cannot take another character: write it and its newline apart.
    const texts = size > WRITE_CHUNK && batch.length === 1 ? [batch[0]!, "\n"] : [batch.join("\n") + "\n"];
    for (const [i, text] of texts.entries()) {
      const last = i === texts.length - 1;
      this.#lastWrite = new Promise((resolve) => {
        try {
          this.#output.write(text, (err) => {
            if (err) this.#outputFailed(err);
            if (last) {
              this.#inFlightBytes -= size;
              this.#resumeIfDrained();
            }
            resolve();
          });
        } catch (e) {
          if (last) this.#inFlightBytes -= size;
          this.#outputFailed(e as Error);
          resolve();
        }
      });
    }
  }

  /** The output failed: a reader that went away is the normal end of a pipeline; anything else is reported by flush(). */
  #outputFailed(e: Error): void {
    if (this.#outputGone) return;
    this.#outputGone = true;
    this.#queue = [];
    this.#queuedBytes = 0;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EPIPE" || code === "ERR_STREAM_DESTROYED" || code === "ECONNRESET") {
      this.#log(`stdout was closed by its reader (${code}): stopping, as nothing more can be sent`);
    } else {
      this.#failure = e;
      this.#log(`writing to stdout failed (${code ? `${code}: ` : ""}${e.message}): stopping`);
    }
    // No answer can reach anyone: stop reading and let the node end.
    this.#held = undefined;
    this.#splitter.discard();
    this.#input.pause();
    this.#endInput();
  }
}

function positive(n: number, name: string): number {
  if (!Number.isSafeInteger(n) || n <= 0) throw new RangeError(`StdioTransport: ${name} must be a positive integer number of bytes, got ${n}`);
  return n;
}
