import { type Endpoint, type NetMessage, type Network, UnknownNodeError } from "../network/network.js";
import type { Service } from "./service.js";

/**
 * A service on the network under its node id, as Maelstrom's service thread:
 * each message the network delivers is handled at once (the network delivers
 * to one receiver one message at a time, in its queue's order), and the reply
 * goes back to the requester with `in_reply_to` set to the request's msg_id
 * (null if it had none) and no msg_id. A message the service does not handle
 * gets nothing, and is only counted.
 *
 * The reply is sent from inside `deliver`, so at zero latency the network may
 * deliver it at once. That is safe: node endpoints (a process's stdin, the
 * simulator's microtask) and clients never act within deliver, and a reply
 * that reaches a service (only a node lying about its src can arrange that)
 * is not a request, so the chain stops there.
 */
export class ServiceEndpoint implements Endpoint {
  /** Messages that got no reply: a type the service does not handle. */
  ignored = 0;
  /** Replies the network refused (the requester was not on it), dropped as Maelstrom's worker logs and goes on. */
  undeliverable = 0;

  constructor(readonly id: string, readonly service: Service, readonly network: Pick<Network, "send">) {}

  deliver(msg: NetMessage): void {
    const reply = this.service.handle(msg.src, msg.body);
    if (reply === undefined) {
      this.ignored++;
      return;
    }
    try {
      this.network.send(this.id, msg.src, { ...reply, in_reply_to: msg.body.msg_id ?? null });
    } catch (e) {
      if (!(e instanceof UnknownNodeError)) throw e;
      this.undeliverable++;
    }
  }
}
