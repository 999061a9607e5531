/**
 * The options of `maelstrom test` (and `sim test`), for the command lines and
 * the hosts: one table (option-table.ts) and what is derived from it.
 */

export { DEFAULT_NODES, IMPLEMENTED_WORKLOADS, MAELSTROM_WORKLOADS, MAX_CONCURRENCY, MAX_NODE_COUNT, MAX_TIMER_MS, NEMESIS_FAULTS, OUR_WORKLOADS, SESSION_MODES, type NemesisFault, type SessionMode, type Workload, WORKLOAD_NAMES } from "./option-table.js";
export { parseTestArgs, type TestArgsResult } from "./parse-test-args.js";
export { nodeIdProblem, type TestArgsIo, type TestOptions } from "./resolve-options.js";
export { TEST_USAGE } from "./test-usage.js";
export { unimplementedWorkloadError, workloadRunError } from "./unimplemented-workload.js";
