import type { Network } from "../network/network.js";
import type { Cluster } from "../run/cluster.js";
import { crashReport, initFailure } from "./crash-report.js";
import { NodeProcess, type NodeProcessOptions } from "./node-process.js";

/** The process host's cluster: one NodeProcess per node, each on the network under its id. */
export class ProcessCluster implements Cluster {
  readonly nodes: readonly string[];
  readonly #procs = new Map<string, NodeProcess>();

  /**
   * Creates (without starting) a process per node and registers it on the
   * network. `options(id)` gives each its options; `logPath(id)` is named in crash reports.
   */
  constructor(nodes: readonly string[], network: Network, options: (id: string) => NodeProcessOptions, readonly logPath: (id: string) => string) {
    this.nodes = nodes;
    for (const id of nodes) {
      const p = new NodeProcess(options(id));
      this.#procs.set(id, p);
      network.register(id, p);
    }
  }

  start(id: string): void {
    this.#get(id).start();
  }

  alive(id: string): boolean {
    return this.#get(id).alive;
  }

  /** The pid of the node's current process (the leader of its process group), if it was started. */
  pid(id: string): number | undefined {
    return this.#get(id).pid;
  }

  kill(id: string): Promise<void> {
    return this.#get(id).nemesisKill();
  }

  killed(id: string): boolean {
    return this.#get(id).killedByNemesis;
  }

  pause(id: string): void {
    this.#get(id).pause();
  }

  resume(id: string): void {
    this.#get(id).resume();
  }

  paused(id: string): boolean {
    return this.#get(id).paused;
  }

  outputStopped(id: string): Promise<unknown> {
    return this.#get(id).whenOutputStopped;
  }

  stop(id: string): Promise<void> {
    return this.#get(id).kill();
  }

  crashReport(id: string, when: string): string {
    return crashReport(this.#get(id), this.logPath(id), when);
  }

  initFailure(id: string, cause: Error): string {
    return initFailure(this.#get(id), cause, this.logPath(id));
  }

  /** SIGKILL to every node's process group at once, synchronously (for a process 'exit' handler). */
  killNow(): void {
    for (const p of this.#procs.values()) p.killNow();
  }

  #get(id: string): NodeProcess {
    const p = this.#procs.get(id);
    if (!p) throw new Error(`${id} is not a node of this run (nodes: ${this.nodes.join(" ")})`);
    return p;
  }
}
