import { ErrorCode } from "../protocol/error-table.js";
import type { Body, OutgoingBody } from "../protocol/message.js";
import { RpcError } from "../protocol/rpc-error.js";
import { type Backoff, backoffDelay, resolveBackoff } from "./backoff.js";
import { checkInterval, type Clock } from "./clock.js";

export interface RetryOptions {
  /** Timeout of each attempt. Default 1000 ms. */
  attemptTimeoutMs?: number;
  /** Give up once this much time has passed since the first attempt. Default 10000 ms. */
  deadlineMs?: number;
  backoff?: Backoff;
  /** Which failures are worth another attempt. Default: timeouts (0) and temporarily-unavailable (11). */
  retryable?: (err: RpcError) => boolean;
}

/** What the retry loop needs from its node. */
export interface RetryContext {
  rpc(dest: string, body: OutgoingBody, opts: { timeoutMs: number }): Promise<Body>;
  clock: Clock;
  random: () => number;
  /** Waits `ms`; resolves undefined then, or at once with the reason if the node stops first. */
  sleep(ms: number): Promise<string | undefined>;
  /** Why the node stopped; undefined while it runs. */
  stoppedBecause(): string | undefined;
}

const defaultRetryable = (e: RpcError) => e.code === ErrorCode.timeout || e.code === ErrorCode.temporarilyUnavailable;

/**
 * An RPC that tries again, with exponential backoff, while the failure is
 * retryable and the overall deadline has not passed. Rejects with the last
 * error (its text says how many attempts were made).
 */
export async function rpcWithRetry(ctx: RetryContext, dest: string, body: OutgoingBody, opts: RetryOptions = {}): Promise<Body> {
  const what = `rpcWithRetry(${String(body?.type)} to ${dest})`;
  const attemptTimeoutMs = opts.attemptTimeoutMs ?? 1000;
  const deadlineMs = opts.deadlineMs ?? 10_000;
  checkInterval(attemptTimeoutMs, `${what}: attemptTimeoutMs`);
  if (typeof deadlineMs !== "number" || !(deadlineMs >= 0)) {
    throw new RangeError(`${what}: deadlineMs must be a number of milliseconds >= 0 (Infinity for no deadline); got ${typeof deadlineMs === "number" ? deadlineMs : `a ${typeof deadlineMs}`}`);
  }
  let backoff: Required<Backoff>;
  try {
    backoff = resolveBackoff(opts.backoff);
  } catch (e) {
    throw new RangeError(`${what}: ${(e as Error).message}`);
  }
  const retryable = opts.retryable ?? defaultRetryable;
  if (typeof retryable !== "function") throw new TypeError(`${what}: retryable must be a function (err: RpcError) => boolean; got a ${typeof retryable}`);
  const { clock } = ctx;
  const start = clock.now();
  /** The latest failure whose outcome is unknown: once there is one, the whole call's outcome is unknown. */
  let indefinite: RpcError | undefined;
  for (let attempt = 0; ; attempt++) {
    const left = deadlineMs - (clock.now() - start);
    try {
      return await ctx.rpc(dest, body, { timeoutMs: Math.max(0, Math.min(attemptTimeoutMs, left)) });
    } catch (e) {
      if (!(e instanceof RpcError) || !retryable(e)) throw e;
      if (ctx.stoppedBecause() !== undefined) throw e; // its text says the node stopped
      if (!e.definite) indefinite = e;
      const code = e.definite && indefinite ? indefinite.code : e.code;
      const delay = backoffDelay(attempt, backoff, ctx.random());
      const elapsed = clock.now() - start;
      if (elapsed + delay >= deadlineMs) {
        throw new RpcError(code, `gave up on ${String(body.type)} to ${dest} after ${attempt + 1} attempt(s) in ${Math.round(elapsed)} ms; last: ${e.text}`, e.extra);
      }
      const stopped = await ctx.sleep(delay);
      if (stopped !== undefined) {
        throw new RpcError(code, `node stopped (${stopped}) while waiting to retry ${String(body.type)} to ${dest}, after ${attempt + 1} attempt(s); last: ${e.text}`, e.extra);
      }
    }
  }
}
