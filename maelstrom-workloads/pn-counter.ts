import { counterChecker } from "./checkers/counter.js";
import { crashed } from "./model/complete-op.js";
import { deriveSeed, seededRng } from "./model/random.js";
import { closedResponse, integer } from "./model/response-schema.js";
import type { OpRequest, Workload, WorkloadContext, WorkloadFactory } from "./workload.js";

const TIMEOUT_MS = 5000;
const addOk = closedResponse("add_ok");
const readOk = closedResponse("read_ok", { value: integer });

/**
 * Maelstrom's counter workloads (MAELSTROM.md 5.5): `add {delta}` -> `add_ok`
 * and `read` -> `read_ok {value: integer}`, closed schemas; one final read
 * per client thread, flagged final; judged by the counter checker. The
 * client is not reusable and maps no errors: a timeout or any error reply,
 * even a definite one, leaves the op `info` (maybe applied), with the
 * exception recorded, as Jepsen records a crashed client.
 *
 * The generator is pn-counter's: each op is, with equal odds, a read or an
 * add of r - 5 (r uniform in 0..9). g-counter wraps that in a filter that
 * drops negative adds; Jepsen's filter then asks the mix again, which picks
 * afresh between read and add. Redrawing both here does the same, so a
 * g-counter run is about 1/3 adds of 0..4 and 2/3 reads.
 */
function counterWorkload(ctx: WorkloadContext, name: "g-counter" | "pn-counter", dropNegativeAdds: boolean): Workload {
  const rng = seededRng(deriveSeed(ctx.seed, `${name}-ops`));
  const nextOp = (): OpRequest => {
    for (;;) {
      if (rng.next() < 0.5) return { f: "read", value: null };
      const delta = rng.int(0, 10) - 5;
      if (!dropNegativeAdds || delta >= 0) return { f: "add", value: delta };
    }
  };
  return {
    name,
    reusableClient: false,
    nextOp,
    finalOp: () => ({ f: "read", value: null, final: true }),
    async invoke(client, node, op) {
      try {
        if (op.f === "add") {
          await client.rpc(node, { type: "add", delta: op.value }, TIMEOUT_MS, addOk);
          return { type: "ok", value: op.value };
        }
        const reply = await client.rpc(node, { type: "read" }, TIMEOUT_MS, readOk);
        return { type: "ok", value: reply.value };
      } catch (e) {
        return crashed(e, op.value);
      }
    },
    check: (history) => counterChecker(history),
  };
}

/** Maelstrom's pn-counter: half the ops are adds of -5..4, half reads. */
export const pnCounterWorkload: WorkloadFactory = (ctx) => counterWorkload(ctx, "pn-counter", false);

/** Maelstrom's g-counter: pn-counter's ops with the negative adds filtered out. */
export const gCounterWorkload: WorkloadFactory = (ctx) => counterWorkload(ctx, "g-counter", true);
