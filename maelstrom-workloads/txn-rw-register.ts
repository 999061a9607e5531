import { txnWorkload } from "./txn/txn-workload.js";
import type { WorkloadFactory } from "./workload.js";

/**
 * Maelstrom's txn-rw-register workload (Gossip Glomers 6): transactions of
 * reads `["r", k, null]` and writes `["w", k, v]` (values unique per key),
 * sent as `txn {txn}` and answered `txn_ok {txn}` with the reads filled in;
 * judged by Elle's rw-register checker against --consistency-models.
 * The parts: maelstrom-workloads/txn/.
 */
export const txnRwRegisterWorkload: WorkloadFactory = (ctx) => txnWorkload("txn-rw-register", ctx);
