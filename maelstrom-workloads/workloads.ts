import { broadcastWorkload } from "./broadcast.js";
import { causalBroadcastWorkload } from "./causal-broadcast.js";
import { echoWorkload } from "./echo.js";
import { gCounterWorkload } from "./g-counter.js";
import { gSetWorkload } from "./g-set.js";
import { linKvWorkload } from "./lin-kv.js";
import { membershipWorkload } from "./membership.js";
import { pnCounterWorkload } from "./pn-counter.js";
import { uniqueIdsWorkload } from "./unique-ids.js";
import type { WorkloadFactory } from "./workload.js";

/**
 * The workloads this harness implements, by Maelstrom's names (causal-broadcast
 * and membership are ours). This is the one place a workload is registered: the
 * name must be one of WORKLOAD_NAMES (options/option-table.ts), and `-w`, the
 * simulator, the fault search and --help all take the list from here.
 */
export const WORKLOADS: Readonly<Record<string, WorkloadFactory>> = {
  echo: echoWorkload,
  broadcast: broadcastWorkload,
  "causal-broadcast": causalBroadcastWorkload,
  membership: membershipWorkload,
  "g-counter": gCounterWorkload,
  "pn-counter": pnCounterWorkload,
  "unique-ids": uniqueIdsWorkload,
  "g-set": gSetWorkload,
  "lin-kv": linKvWorkload,
};
