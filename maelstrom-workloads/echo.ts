import { echoChecker } from "./checkers/echo.js";
import { completeWithErrors } from "./model/complete-op.js";
import { deriveSeed, seededRng } from "./model/random.js";
import { anyValue, closedResponse } from "./model/response-schema.js";
import type { Workload, WorkloadFactory } from "./workload.js";

const TIMEOUT_MS = 5000;
const echoOk = closedResponse("echo_ok", { echo: anyValue });

/**
 * Maelstrom's echo workload: every op sends "Please echo <0..127>" (a random
 * stream per client thread) and expects it back in an `echo_ok`. No final phase.
 */
export const echoWorkload: WorkloadFactory = (ctx): Workload => {
  const streams = Array.from({ length: ctx.concurrency }, (_, t) => seededRng(deriveSeed(ctx.seed, `echo-thread-${t}`)));
  return {
    name: "echo",
    reusableClient: false,
    nextOp: (thread) => ({ f: "echo", value: `Please echo ${streams[thread]!.int(0, 128)}` }),
    async invoke(client, node, op) {
      try {
        const reply = await client.rpc(node, { type: "echo", echo: op.value }, TIMEOUT_MS, echoOk);
        return { type: "ok", value: reply };
      } catch (e) {
        return completeWithErrors(e, op.value, false);
      }
    },
    check: (history) => echoChecker(history),
  };
};
