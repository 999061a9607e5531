import { z } from "zod";
import type { BroadcastValue } from "../broadcast/broadcast-value.js";
import { GOSSIP_FIELDS, gossipBody as batchBody, Value } from "../broadcast/broadcast-wire.js";
import type { Batch } from "../gossip/batch.js";
import type { OutgoingBody } from "../protocol/message.js";
import type { CausalMessage } from "./causal-buffer.js";
import { encodeMessages } from "./clock-deltas.js";
import { VectorClock } from "./vector-clock.js";

// The causal broadcast node's message bodies, as checked at the edge: the
// broadcast node's (lib/broadcast/broadcast-wire.ts) with deps and clock deltas.

/** A token from a client: absent (Maelstrom's own workload), or a sparse vector clock. */
const Deps = z.unknown().optional().transform((v, ctx) => {
  if (v === undefined) return undefined;
  const c = VectorClock.fromJSON(v);
  if (!c.ok) ctx.addIssue({ code: "custom", message: `deps: ${c.error}` });
  return c.ok ? c.clock : VectorClock.EMPTY;
});
export const Broadcast = z.object({ message: Value, deps: Deps });
export const Read = z.object({ deps: Deps });
/**
 * Gossip between nodes: the gossip queue's batch (seq, acks, incarnations,
 * ack_now, as the broadcast node sends them), its messages with clock deltas
 * (clock-deltas.ts), and `base`, the [sender, seq] of the message whose past
 * the first delta starts from. The messages are read as a whole after the
 * schema (the deltas chain).
 */
export const Gossip = z.object({
  ...GOSSIP_FIELDS,
  base: z.tuple([z.string(), z.number().int()]).optional(),
});

/** A batch as a gossip body, its messages with clock deltas; absent fields stay absent. */
export function gossipBody(b: Batch<CausalMessage<BroadcastValue>>, base: CausalMessage<BroadcastValue> | undefined): OutgoingBody {
  return batchBody(b, encodeMessages(b.values, base), base ? { base: [base.sender, base.seq] } : {});
}
