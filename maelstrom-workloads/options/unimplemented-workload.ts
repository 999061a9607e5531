import { workloadFactory } from "../workloads.js";
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

/**
 * What the commands check once the options parse, before a run: the
 * workload is implemented, and it can run with these options (its
 * optionsProblem: lin-kv needs a concurrency that is a multiple of 2n, where
 * Maelstrom stops with an assertion mid-run). Not in resolveOptions: the
 * default workload is lin-kv and the default concurrency 1n, a combination
 * that must still parse. Undefined when the run can go ahead.
 */
export function workloadRunError(o: { workload: Workload; nodes: readonly string[]; concurrency: number }): string | undefined {
  return unimplementedWorkloadError(o.workload) ?? workloadFactory(o.workload)?.optionsProblem?.({ nodes: o.nodes, concurrency: o.concurrency });
}
