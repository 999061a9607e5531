import { broadcastWorkload } from "./broadcast.js";
import { causalBroadcastWorkload } from "./causal-broadcast.js";
import { echoWorkload } from "./echo.js";
import { gCounterWorkload } from "./g-counter.js";
import { gSetWorkload } from "./g-set.js";
import { jobsWorkload } from "./jobs.js";
import { kafkaWorkload } from "./kafka.js";
import { linKvWorkload } from "./lin-kv.js";
import { membershipWorkload } from "./membership.js";
import { pnCounterWorkload } from "./pn-counter.js";
import { txnListAppendWorkload } from "./txn-list-append.js";
import { txnRwRegisterWorkload } from "./txn-rw-register.js";
import { uniqueIdsWorkload } from "./unique-ids.js";
import type { WorkloadFactory } from "./workload.js";

/**
 * The workloads this harness implements, by name: Maelstrom's, and ours
 * (causal-broadcast, membership). This is the one place a workload is
 * registered: `-w` accepts every name here (and every Maelstrom name, to say
 * which are not implemented yet), and --help, the simulator and the fault
 * search take the list from here.
 */
export const WORKLOADS = {
  echo: echoWorkload,
  "unique-ids": uniqueIdsWorkload,
  broadcast: broadcastWorkload,
  "g-set": gSetWorkload,
  "g-counter": gCounterWorkload,
  "pn-counter": pnCounterWorkload,
  "lin-kv": linKvWorkload,
  kafka: kafkaWorkload,
  "causal-broadcast": causalBroadcastWorkload,
  membership: membershipWorkload,
  jobs: jobsWorkload,
  "txn-rw-register": txnRwRegisterWorkload,
  "txn-list-append": txnListAppendWorkload,
} as const satisfies Record<string, WorkloadFactory>;

/** A name `-w` accepts because a workload is registered under it. */
export type RegisteredWorkload = keyof typeof WORKLOADS;

/** The workload registered under `name`, or undefined (own keys only: "toString" is no workload). */
export function workloadFactory(name: string): WorkloadFactory | undefined {
  return Object.hasOwn(WORKLOADS, name) ? WORKLOADS[name as RegisteredWorkload] : undefined;
}
