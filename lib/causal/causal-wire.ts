import { z } from "zod";
import { type BroadcastValue, broadcastValueProblem } from "../broadcast/broadcast-value.js";
import type { Batch } from "../gossip/batch.js";
import type { OutgoingBody } from "../protocol/message.js";
import type { CausalMessage } from "./causal-buffer.js";
import { encodeMessages } from "./clock-deltas.js";
import { VectorClock } from "./vector-clock.js";

// The causal broadcast node's message bodies, as checked at the edge.

const Value = z.unknown().optional().transform((v, ctx) => {
  const problem = broadcastValueProblem(v);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
  return v as BroadcastValue;
});
/** A token from a client: absent (Maelstrom's own workload), or a sparse vector clock. */
const Deps = z.unknown().optional().transform((v, ctx) => {
  if (v === undefined) return undefined;
  const c = VectorClock.fromJSON(v);
  if (!c.ok) ctx.addIssue({ code: "custom", message: `deps: ${c.error}` });
  return c.ok ? c.clock : VectorClock.EMPTY;
});
export const Topology = z.object({ topology: z.unknown().optional() });
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
  seq: z.number().int().optional(),
  values: z.array(z.unknown()),
  acks: z.array(z.number().int()),
  inc: z.number().int().optional(),
  to_inc: z.number().int().optional(),
  ack_now: z.boolean().optional(),
  base: z.tuple([z.string(), z.number().int()]).optional(),
});

/** A batch as a gossip body, its messages with clock deltas; absent fields stay absent. */
export function gossipBody(b: Batch<CausalMessage<BroadcastValue>>, base: CausalMessage<BroadcastValue> | undefined): OutgoingBody {
  const body: OutgoingBody = { type: "gossip" };
  if (b.seq !== undefined) body.seq = b.seq;
  if (base) body.base = [base.sender, base.seq];
  body.values = encodeMessages(b.values, base);
  body.acks = b.acks;
  if (b.inc !== undefined) body.inc = b.inc;
  if (b.toInc !== undefined) body.to_inc = b.toInc;
  if (b.ackNow) body.ack_now = true;
  return body;
}
