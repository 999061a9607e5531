import { uniqueIdsChecker } from "./checkers/unique-ids.js";
import { completeWithErrors } from "./model/complete-op.js";
import { anyValue, closedResponse } from "./model/response-schema.js";
import type { Workload, WorkloadFactory } from "./workload.js";

const TIMEOUT_MS = 5000;
const generateOk = closedResponse("generate_ok", { id: anyValue }); // any JSON value, null included (Maelstrom's s/Any)

/**
 * Maelstrom's unique-ids workload (Gossip Glomers 2): an endless stream of
 * `generate` requests at --rate, no final phase. An ok op's value is the id
 * returned. The client is reusable, and nothing is idempotent: a timeout or an
 * indefinite error is info, a definite error fail. Judged by Jepsen's
 * unique-ids checker (checkers/unique-ids.ts): valid when no id came back twice.
 */
export const uniqueIdsWorkload: WorkloadFactory = (): Workload => ({
  name: "unique-ids",
  reusableClient: true,
  nextOp: () => ({ f: "generate", value: null }),
  async invoke(client, node) {
    try {
      const reply = await client.rpc(node, { type: "generate" }, TIMEOUT_MS, generateOk);
      return { type: "ok", value: reply.id };
    } catch (e) {
      return completeWithErrors(e, null, false);
    }
  },
  check: (history) => uniqueIdsChecker(history),
});
