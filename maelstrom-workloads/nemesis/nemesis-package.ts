import type { Network } from "../network/network.js";
import type { History } from "../model/history.js";
import type { Rng } from "../model/random.js";
import type { Cluster } from "../run/cluster.js";

/** What a nemesis package acts on. */
export interface NemesisContext {
  readonly network: Network;
  readonly cluster: Cluster;
  /** Nemesis ops are recorded here (process "nemesis", type info), as Jepsen records them. */
  readonly history: History;
  /** This package's own seeded source: which fault, on which nodes, and the gaps between its ops. */
  readonly rng: Rng;
  /** Which nodes a process fault may hit (`--nemesis-targets`): one, minority, majority, all. */
  readonly targets: readonly string[];
  /**
   * Starts a killed node again and brings it into the run as at the start: a
   * fresh `init`, then the workload's setup for it (for broadcast, its
   * topology). A node that does not answer crashes the run, as at the start.
   */
  restart(id: string): Promise<void>;
  /** Nodes being started again (between their start and the end of their setup): process faults leave them alone. */
  readonly restarting: ReadonlySet<string>;
}

/**
 * One kind of fault, as Jepsen's nemesis/combined packages are: `start` puts
 * one fault in force, `heal` ends every fault of this kind. The run schedules
 * each package on its own (see runNemeses) and, before the final phase, heals
 * them all; adding a fault kind is adding a package to NEMESES.
 */
export interface NemesisPackage {
  /** Its `--nemesis` name. */
  readonly name: string;
  /** Starts one fault, recording it in the history; returns what it did, for the person watching (e.g. the partition's kind). */
  start(ctx: NemesisContext): string | Promise<string>;
  /** Ends this package's faults, recording it in the history. */
  heal(ctx: NemesisContext): void | Promise<void>;
}
