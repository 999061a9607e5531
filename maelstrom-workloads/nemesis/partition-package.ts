import { grudge, partitionKinds } from "./partition-grudge.js";
import type { NemesisPackage } from "./nemesis-package.js";

/**
 * Maelstrom's only nemesis (MAELSTROM.md §4): `start` cuts the network with a
 * grudge of a random kind; `heal` mends it. Recorded as Jepsen records them:
 * start-partition with the kind, then with `[isolated, grudge]`;
 * stop-partition with nil, then with `network-healed`.
 */
export const partitionPackage: NemesisPackage = {
  name: "partition",
  start({ network, cluster, history, rng }) {
    const kind = rng.pick(partitionKinds);
    history.nemesis("start-partition", kind);
    const g = grudge(kind, cluster.nodes, rng);
    network.partition(g);
    history.nemesis("start-partition", ["isolated", g]);
    return kind;
  },
  heal({ network, history }) {
    history.nemesis("stop-partition", null);
    network.heal();
    history.nemesis("stop-partition", "network-healed");
  },
};
