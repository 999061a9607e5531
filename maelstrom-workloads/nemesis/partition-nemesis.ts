import { grudge, partitionKinds } from "./partition-grudge.js";
import type { History } from "../model/history.js";
import type { Network } from "../network/network.js";
import type { Rng } from "../model/random.js";

/** Heals the network, recorded as Jepsen's nemesis records it. */
export function heal(history: History, network: Network): void {
  history.nemesis("stop-partition", null);
  network.heal();
  history.nemesis("stop-partition", "network-healed");
}

/**
 * Maelstrom's partition nemesis: start a partition of a random kind at once,
 * then alternate healing and partitioning, with gaps uniform in
 * [0, 2 x interval), until `done` resolves.
 */
export async function runPartitionNemesis(o: {
  nodes: readonly string[];
  network: Network;
  history: History;
  rng: Rng;
  intervalSeconds: number;
  sleep: (ms: number) => Promise<unknown>;
  stopped: () => boolean;
  done: Promise<void>;
  onChange: (kind: string | undefined) => void;
}): Promise<void> {
  let partitioned = false;
  while (!o.stopped()) {
    if (!partitioned) {
      const kind = o.rng.pick(partitionKinds);
      o.history.nemesis("start-partition", kind);
      const g = grudge(kind, o.nodes, o.rng);
      o.network.partition(g);
      o.history.nemesis("start-partition", ["isolated", g]);
      o.onChange(kind);
    } else {
      heal(o.history, o.network);
      o.onChange(undefined);
    }
    partitioned = !partitioned;
    await Promise.race([o.sleep(o.rng.next() * 2 * o.intervalSeconds * 1000), o.done]);
  }
}
