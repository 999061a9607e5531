import { finalReadLacks } from "./checkers/final-read-lacks.js";
import { broadcastChecker } from "./checkers/set-full.js";
import { completeWithErrors } from "./model/complete-op.js";
import { deriveSeed, seededRng } from "./model/random.js";
import { closedResponse, sequence } from "./model/response-schema.js";
import { pinnedNode } from "./run/client-threads.js";
import { topology } from "./topology.js";
import type { Workload, WorkloadFactory } from "./workload.js";

const TIMEOUT_MS = 5000;
const topologyOk = closedResponse("topology_ok");
const broadcastOk = closedResponse("broadcast_ok");
const readOk = closedResponse("read_ok", { messages: sequence }); // null is an empty read, as under Maelstrom

/**
 * Maelstrom's broadcast workload: each node first gets the whole `topology`
 * map; then a 50/50 mix of `broadcast` (values 0, 1, 2, ... from one shared
 * counter) and `read`; after the main phase, one final read per client thread.
 * Judged by set-full: a value acknowledged (or seen) and then missing from the
 * latest read is lost. Beside set-full's keys (Maelstrom's), the result holds
 * one of ours, "final-read-lacks": per node, the known values its final reads
 * lacked (checkers/final-read-lacks.ts); it has no bearing on validity.
 */
export const broadcastWorkload: WorkloadFactory = (ctx): Workload => {
  const rng = seededRng(deriveSeed(ctx.seed, "broadcast-ops"));
  const topo = topology(ctx.topology as Parameters<typeof topology>[0], ctx.nodes);
  let nextValue = 0;
  return {
    name: "broadcast",
    reusableClient: false,
    async setup(client, node) {
      await client.rpc(node, { type: "topology", topology: topo }, TIMEOUT_MS, topologyOk);
    },
    nextOp: () => (rng.next() < 0.5 ? { f: "broadcast", value: nextValue++ } : { f: "read", value: null }),
    finalOp: () => ({ f: "read", value: null, final: true }),
    async invoke(client, node, op) {
      if (op.f === "broadcast") {
        try {
          await client.rpc(node, { type: "broadcast", message: op.value }, TIMEOUT_MS, broadcastOk);
          return { type: "ok", value: op.value };
        } catch (e) {
          return completeWithErrors(e, op.value, false);
        }
      }
      try {
        const reply = await client.rpc(node, { type: "read" }, TIMEOUT_MS, readOk);
        return { type: "ok", value: reply.messages };
      } catch (e) {
        return completeWithErrors(e, op.value, true); // reads are idempotent: failures are :fail
      }
    },
    check: (history) => ({
      ...broadcastChecker(history),
      "final-read-lacks": finalReadLacks(history, { addF: "broadcast", readF: "read", nodes: ctx.nodes, nodeOf: (process) => pinnedNode(ctx.nodes, process % ctx.concurrency) }),
    }),
  };
};
