import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { Transport, TransportSink } from "./transport.js";

/**
 * Reads lines with Node's readline and writes lines to a stream. Lines
 * written during one turn of the event loop are joined into a single write,
 * which saves a system call per message when many requests arrive together.
 */
export class StdioTransport implements Transport {
  readonly #input: Readable;
  readonly #output: Writable;
  #queue: string[] = [];
  #scheduled = false;
  #lastWrite: Promise<void> = Promise.resolve();

  constructor(input: Readable = process.stdin, output: Writable = process.stdout) {
    this.#input = input;
    this.#output = output;
  }

  start(sink: TransportSink): void {
    const rl = createInterface({ input: this.#input, crlfDelay: Infinity, terminal: false });
    rl.on("line", (line) => sink.line(line));
    rl.on("close", () => sink.end());
  }

  write(line: string): void {
    this.#queue.push(line);
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => this.#drain());
    }
  }

  flush(): Promise<void> {
    this.#drain();
    return this.#lastWrite;
  }

  #drain(): void {
    this.#scheduled = false;
    if (this.#queue.length === 0) return;
    const text = this.#queue.join("\n") + "\n";
    this.#queue = [];
    this.#lastWrite = new Promise((resolve, reject) => {
      this.#output.write(text, (err) => (err ? reject(err) : resolve()));
    });
    // A failed write (say, the reader went away) is reported by flush(); it must not crash the node here.
    this.#lastWrite.catch(() => {});
  }
}
