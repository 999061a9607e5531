/**
 * The options of `maelstrom test` now live in maelstrom-workloads/options/
 * (one table, option-table.ts, shared by both hosts). This module re-exports
 * them under their old path for code written against it.
 */

export { DEFAULT_NODES, IMPLEMENTED_WORKLOADS, MAELSTROM_WORKLOADS, MAX_CONCURRENCY, MAX_NODE_COUNT, MAX_TIMER_MS, NEMESIS_FAULTS, type NemesisFault, type Workload } from "../options/option-table.js";
export { parseTestArgs, type TestArgsResult } from "../options/parse-test-args.js";
export { nodeIdProblem, type TestArgsIo, type TestOptions } from "../options/resolve-options.js";
export { TEST_USAGE } from "../options/test-usage.js";
export { unimplementedWorkloadError } from "../options/unimplemented-workload.js";
