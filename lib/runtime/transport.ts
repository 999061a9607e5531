/** What a transport calls as input arrives. */
export interface TransportSink {
  /** One line of input, without its newline. */
  line(line: string): void;
  /** Input is exhausted (stdin reached EOF); called once, after the last line. */
  end(): void;
}

/**
 * The node's only contact with the outside: lines in, lines out. The runtime
 * parses and serialises; a transport only moves text. Two implementations
 * share one contract (test/lib/runtime/transport-contract.ts): stdio for
 * production and an in-memory one for tests and simulation.
 */
export interface Transport {
  start(sink: TransportSink): void;
  /** Queues one outgoing line (without its newline). Order is preserved. */
  write(line: string): void;
  /** Resolves once every line written so far has been handed on. */
  flush(): Promise<void>;
}
