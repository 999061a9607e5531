/**
 * The nodes of a run, wherever they live: child processes in real time (the
 * process host) or node programs in this process on virtual time (the
 * simulation host). The run asks only this of them.
 *
 * A node that ends while the run still needs it is a crash of the run; the
 * host reports it through the run's RunFailure, not through this interface.
 * `stop` is an end the run asked for, so it is never reported as a crash.
 * Process faults (the next nemeses: kill, pause) will add `kill(id)`,
 * `pause(id)` and `resume(id)` here, with `start(id)` restarting a node.
 */
export interface Cluster {
  /** Node ids in test order. */
  readonly nodes: readonly string[];
  /** Starts a node (its process, or its program on the host's transport). */
  start(id: string): void;
  /** True while the node runs. */
  alive(id: string): boolean;
  /** Resolves once the host stops routing the node's output (never, for a node that behaves). */
  outputStopped(id: string): Promise<unknown>;
  /** Ends a node; resolves when it is gone and what it wrote before its end is routed. */
  stop(id: string): Promise<void>;
  /** Why a node is no longer alive, for the crash message; `when` says when it was found ("before teardown"). */
  crashReport(id: string, when: string): string;
  /** Why a node did not answer init, given the client's error; with its last words and where its log is. */
  initFailure(id: string, cause: Error): string;
}
