import { setFullChecker } from "./checkers/set-full.js";
import { crashed } from "./model/complete-op.js";
import { deriveSeed, seededRng } from "./model/random.js";
import { closedResponse, sequence } from "./model/response-schema.js";
import type { Workload, WorkloadFactory } from "./workload.js";

const TIMEOUT_MS = 5000;
const addOk = closedResponse("add_ok");
const readOk = closedResponse("read_ok", { value: sequence }); // `value`, not `elements` as Maelstrom's docstring says; null is an empty read

/**
 * Maelstrom's g-set workload: a 50/50 mix of `add` (elements 0, 1, 2, ...
 * from one shared counter) and `read`; after the main phase, one read per
 * client thread, which (as under Maelstrom) carries no final flag. The client
 * is not reusable and maps no errors: every error reply or timeout, definite
 * or not, makes the op info ("maybe applied"). Judged by set-full on the add
 * ops (checkers/set-full.ts), as broadcast is.
 */
export const gSetWorkload: WorkloadFactory = (ctx): Workload => {
  const rng = seededRng(deriveSeed(ctx.seed, "g-set-ops"));
  let nextElement = 0;
  return {
    name: "g-set",
    reusableClient: false,
    nextOp: () => (rng.next() < 0.5 ? { f: "add", value: nextElement++ } : { f: "read", value: null }),
    finalOp: () => ({ f: "read", value: null }),
    async invoke(client, node, op) {
      try {
        if (op.f === "add") {
          await client.rpc(node, { type: "add", element: op.value }, TIMEOUT_MS, addOk);
          return { type: "ok", value: op.value };
        }
        const reply = await client.rpc(node, { type: "read" }, TIMEOUT_MS, readOk);
        return { type: "ok", value: reply.value };
      } catch (e) {
        return crashed(e, op.value);
      }
    },
    check: (history) => setFullChecker(history, { addF: "add", readF: "read" }),
  };
};
