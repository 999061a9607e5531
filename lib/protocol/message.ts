/** The body every Maelstrom RPC message carries: a `type`, and ids for request/response pairing. */
export interface Body {
  type: string;
  msg_id?: number;
  in_reply_to?: number;
  [field: string]: unknown;
}

/**
 * One message on the wire. Maelstrom adds a network-wide `id` to every message
 * it delivers; a node never needs to set it (Maelstrom replaces it anyway).
 */
export interface Message<B = Body> {
  id?: number;
  src: string;
  dest: string;
  body: B;
}

/** A body to send: the runtime fills in `msg_id` and `in_reply_to`. */
export type OutgoingBody = { type: string } & Record<string, unknown>;
