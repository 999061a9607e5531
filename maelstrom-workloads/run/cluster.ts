/**
 * The nodes of a run, wherever they live: child processes in real time (the
 * process host) or node programs in this process on virtual time (the
 * simulation host). The run asks only this of them.
 *
 * A node that ends while the run still needs it is a crash of the run; the
 * host reports it through the run's RunFailure, not through this interface.
 * `stop` is an end the run asked for, so it is never reported as a crash;
 * neither is `kill`, the nemesis's fault. After `kill`, `start` starts the
 * node again under the same id (a new process, or a new instance of the
 * program), empty, as after a crash and reboot.
 */
export interface Cluster {
  /** Node ids in test order. */
  readonly nodes: readonly string[];
  /** Starts a node (its process, or its program on the host's transport); after `kill`, starts it again. */
  start(id: string): void;
  /** True while the node runs (a paused node runs: it is only stopped where it stands). */
  alive(id: string): boolean;
  /**
   * The nemesis's kill: ends the node at once, without warning (SIGKILL to
   * its process group; in the simulator its instance is dropped with its
   * timers and pending RPCs). An expected end, never a crash. Resolves once
   * it is gone. Does nothing to a node that is not alive.
   */
  kill(id: string): Promise<void>;
  /** True once `kill` ended the node, until it is started again. */
  killed(id: string): boolean;
  /** Stops the node where it stands (SIGSTOP): it reads nothing and none of its timers fire; what is sent to it waits. */
  pause(id: string): void;
  /** Lets a paused node go on (SIGCONT). */
  resume(id: string): void;
  /** True while the node is paused. */
  paused(id: string): boolean;
  /** Resolves once the host stops routing the node's output (never, for a node that behaves). */
  outputStopped(id: string): Promise<unknown>;
  /** Ends a node; resolves when it is gone and what it wrote before its end is routed. */
  stop(id: string): Promise<void>;
  /** Why a node is no longer alive, for the crash message; `when` says when it was found ("before teardown"). */
  crashReport(id: string, when: string): string;
  /** Why a node did not answer init, given the client's error; with its last words and where its log is. */
  initFailure(id: string, cause: Error): string;
}
