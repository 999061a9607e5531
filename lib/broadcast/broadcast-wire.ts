import { z } from "zod";
import type { Batch } from "../gossip/batch.js";
import type { OutgoingBody } from "../protocol/message.js";
import { type BroadcastValue, broadcastValueProblem } from "./broadcast-value.js";

// The message bodies of the broadcast node, as checked at the edge; the causal
// node (lib/causal/causal-wire.ts) builds its own on them.

/** A client's value: a whole number or a string that reads back exactly (broadcastValueProblem). */
export const Value = z.unknown().optional().transform((v, ctx) => {
  const problem = broadcastValueProblem(v);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
  return v as BroadcastValue;
});

// Read by own keys in neighboursFromTopology: a schema record would turn a "__proto__" key into a prototype.
export const Topology = z.object({ topology: z.unknown().optional() });

/**
 * The fields of a gossip body that carry the gossip queue's batch (lib/gossip/batch.ts).
 * `values` are left unknown: each node reads its own (the broadcast node one by one, so
 * that one a peer should not have sent costs only itself; the causal node as a whole).
 * inc, to_inc and ack_now are optional: a node from before them sends none, and ignores
 * ours (z.object strips unknown keys).
 */
export const GOSSIP_FIELDS = {
  seq: z.number().int().optional(),
  values: z.array(z.unknown()),
  acks: z.array(z.number().int()),
  inc: z.number().int().optional(),
  to_inc: z.number().int().optional(),
  ack_now: z.boolean().optional(),
};

const GossipFields = z.object(GOSSIP_FIELDS);
/** A gossip body as read with GOSSIP_FIELDS. */
export type GossipFields = z.infer<typeof GossipFields>;

/**
 * A batch as a gossip body; fields that are absent stay absent on the wire.
 * `values` are the batch's values as they go on the wire (the batch's own by
 * default); `afterSeq` holds a node's own fields, which go right after `seq`
 * (where the causal node has always put its `base`).
 */
export function gossipBody<V>(b: Batch<V>, values: readonly unknown[] = b.values, afterSeq: Record<string, unknown> = {}): OutgoingBody {
  const body: OutgoingBody = { type: "gossip" };
  if (b.seq !== undefined) body.seq = b.seq;
  Object.assign(body, afterSeq);
  body.values = values;
  body.acks = b.acks;
  if (b.inc !== undefined) body.inc = b.inc;
  if (b.toInc !== undefined) body.to_inc = b.toInc;
  if (b.ackNow) body.ack_now = true;
  return body;
}

/** The batch a gossip body carries, with `values` as the node read them. */
export function batchOf<V>(b: GossipFields, values: V[]): Batch<V> {
  return { seq: b.seq, values, acks: b.acks, inc: b.inc, toInc: b.to_inc, ackNow: b.ack_now };
}
