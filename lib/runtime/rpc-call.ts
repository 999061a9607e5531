import type { Body, OutgoingBody } from "../protocol/message.js";
import { RpcError } from "../protocol/rpc-error.js";
import { checkInterval } from "./clock.js";
import { messageOf, stackOf } from "../protocol/describe.js";
import type { Logger } from "./logger.js";
import type { PendingRpcs } from "./pending-rpcs.js";

export interface RpcOptions {
  /** How long to wait for the reply before rejecting with code 0. Default 5000 ms. */
  timeoutMs?: number;
}

/** What an RPC needs from its node. */
export interface RpcContext {
  pending: PendingRpcs;
  log: Logger;
  nextMsgId(): number;
  /** Writes the request; throws if it cannot be serialised. */
  write(dest: string, body: OutgoingBody, msgId: number): void;
  /** Why the node stopped; undefined while it runs. */
  stoppedBecause(): string | undefined;
}

const DEFAULT_RPC_TIMEOUT_MS = 5000;

/**
 * Sends a request and calls back once: with the reply body, or with an
 * RpcError: the error reply's code; 0 if no reply came in time or the node
 * stopped while waiting (the request may have been processed); 14 (abort)
 * if the node had already stopped, so nothing was sent. A body that cannot
 * be written throws here, leaving nothing pending. Returns the request's msg_id.
 */
export function rpcCall(ctx: RpcContext, dest: string, body: OutgoingBody, callback: (err: RpcError | null, reply?: Body) => void, opts: RpcOptions = {}): number {
  const what = `${String(body?.type)} to ${dest}`;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS;
  checkInterval(timeoutMs, `rpc ${what}: timeoutMs`);
  const msgId = ctx.nextMsgId();
  const failWith = (err: RpcError) => {
    try {
      callback(err);
    } catch (e) {
      ctx.log.error(`the callback of rpc ${what} (msg_id ${msgId}) threw on ${err.kind} (the node keeps running): ${stackOf(e)}`);
    }
  };
  const stopped = ctx.stoppedBecause();
  if (stopped !== undefined) {
    const err = RpcError.abort(`node stopped (${stopped}): ${what} was not sent`);
    ctx.log.info(err.text);
    queueMicrotask(() => failWith(err));
    return msgId;
  }
  ctx.pending.add(
    msgId,
    timeoutMs,
    (reply) => {
      const b = reply.body;
      if (b.type === "error") callback(RpcError.fromBody(b));
      else callback(null, b);
    },
    () => failWith(RpcError.timeout(`no reply from ${dest} to ${String(body.type)} (msg_id ${msgId}) within ${timeoutMs} ms`)),
    (reason) =>
      failWith(RpcError.timeout(`node stopped (${reason}) while waiting for a reply from ${dest} to ${String(body.type)} (msg_id ${msgId}); the request may or may not have been processed`)),
  );
  try {
    ctx.write(dest, body, msgId);
  } catch (e) {
    ctx.pending.withdraw(msgId);
    throw new Error(`could not send ${what}: ${messageOf(e)}; the rpc was not started, nothing is waiting for a reply`, { cause: e });
  }
  return msgId;
}
