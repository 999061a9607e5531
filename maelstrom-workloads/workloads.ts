import { broadcastWorkload } from "./broadcast.js";
import { echoWorkload } from "./echo.js";
import type { WorkloadFactory } from "./workload.js";

/** The workloads this harness implements, by Maelstrom's names. */
export const WORKLOADS: Readonly<Record<string, WorkloadFactory>> = {
  echo: echoWorkload,
  broadcast: broadcastWorkload,
};
