import { IMPLEMENTED_WORKLOADS, type Workload } from "./option-table.js";

/**
 * The message to print when `workload` parses (Maelstrom has it) but this
 * harness cannot run it, or undefined when it can.
 */
export function unimplementedWorkloadError(workload: Workload): string | undefined {
  if (IMPLEMENTED_WORKLOADS.includes(workload)) return undefined;
  const hint = IMPLEMENTED_WORKLOADS.includes("lin-kv") ? "" : " (the default is lin-kv, as in Maelstrom, so pass -w, e.g. -w echo)";
  return `--workload: Maelstrom's ${JSON.stringify(workload)} workload is not implemented by this harness; expected one of ${IMPLEMENTED_WORKLOADS.join(", ")}${hint}`;
}
