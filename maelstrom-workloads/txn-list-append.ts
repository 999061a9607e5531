import { txnWorkload } from "./txn/txn-workload.js";
import type { WorkloadFactory } from "./workload.js";

/**
 * Maelstrom's txn-list-append workload: transactions of reads `["r", k, null]`
 * (answered with the key's whole list, or null) and appends
 * `["append", k, v]` (elements unique per key), sent as `txn {txn}` and
 * answered `txn_ok {txn}`; judged by Elle's list-append checker against
 * --consistency-models. The parts: maelstrom-workloads/txn/.
 */
export const txnListAppendWorkload: WorkloadFactory = (ctx) => txnWorkload("txn-list-append", ctx);
