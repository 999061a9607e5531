import type { Transport, TransportSink } from "./transport.js";

/**
 * An in-memory transport: tests and simulators push lines in and read lines
 * out. Delivery is synchronous and deterministic; nothing waits on wall time.
 */
export class MemoryTransport implements Transport {
  /** Every line the node has written, in order (empty with `keepOutput: false`). */
  readonly output: string[] = [];
  readonly #keepOutput: boolean;
  #sink: TransportSink | undefined;
  #backlog: string[] = [];
  #ended = false;
  #listeners: Array<(line: string) => void> = [];

  /** `keepOutput: false` for a host that only listens (onOutput): nothing is kept, so memory does not grow with the run. */
  constructor(opts: { keepOutput?: boolean } = {}) {
    this.#keepOutput = opts.keepOutput ?? true;
  }

  start(sink: TransportSink): void {
    if (this.#sink) throw new Error("MemoryTransport: already started");
    this.#sink = sink;
    const backlog = this.#backlog;
    this.#backlog = [];
    for (const l of backlog) sink.line(l);
    if (this.#ended) sink.end();
  }

  /** Delivers one input line (queued until the node starts). */
  push(line: string): void {
    if (this.#ended) throw new Error("MemoryTransport: push after end");
    if (this.#sink) this.#sink.line(line);
    else this.#backlog.push(line);
  }

  /** Closes the input, as EOF on stdin. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    if (this.#sink) this.#sink.end();
  }

  /** Calls `fn` with each line the node writes from now on. */
  onOutput(fn: (line: string) => void): void {
    this.#listeners.push(fn);
  }

  write(line: string): void {
    if (this.#keepOutput) this.output.push(line);
    for (const fn of this.#listeners) fn(line);
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }
}
