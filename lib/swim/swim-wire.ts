import { z } from "zod";

/** The node-to-node and client bodies of nodes/swim.ts. Wire types and fields: append only. */
const Id = z.string().min(1).max(200);
const Incarnation = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Status = z.enum(["alive", "suspect", "dead"]);
const Seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const UpdateWire = z.strictObject({ id: Id, status: Status, incarnation: Incarnation, from: Id.optional() });
const Updates = z.array(UpdateWire).max(10_000);

/** `ping` {seq, updates}: answer with `ack` {seq, updates} (not in_reply_to: acks are matched by seq, and a helper forwards them). */
export const Ping = z.object({ seq: Seq, updates: Updates });
export const Ack = z.object({ seq: Seq, updates: Updates });
/** `ping_req` {seq, target, updates}: ping `target` for the sender; forward its ack, or `nack` {seq} if none comes in time. */
export const PingReq = z.object({ seq: Seq, target: Id, updates: Updates });
export const Nack = z.object({ seq: Seq, updates: Updates.default([]) });
/** `gossip` {updates}: news alone, while there is news, and to tell a member what we believe about it. */
export const Gossip = z.object({ updates: Updates });
/** `sync` {members, reply}: a whole view, sent by a starting node to a few peers; `reply: true` asks for theirs. */
export const Sync = z.object({ members: z.record(Id, z.strictObject({ status: Status, incarnation: Incarnation })), reply: z.boolean() });
export const Lookup = z.object({ key: z.string() });
