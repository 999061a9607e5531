import { ClientTimeout, ErrorReply } from "../run/client.js";
import type { OpType } from "./op.js";

export interface Completion {
  type: Exclude<OpType, "invoke">;
  value: unknown;
  error?: unknown;
  exception?: string;
}

/**
 * How a failed RPC becomes an op, as Maelstrom's `with-errors`: a timeout is
 * `fail` for idempotent ops and `info` otherwise; an error reply is `fail` if
 * its code is definite or the op idempotent, else `info`; anything else
 * (a malformed response, say) is `info` with the exception recorded.
 */
export function completeWithErrors(e: unknown, value: unknown, idempotent: boolean): Completion {
  if (e instanceof ClientTimeout) return { type: idempotent ? "fail" : "info", value, error: "net-timeout" };
  if (e instanceof ErrorReply) return { type: e.definite || idempotent ? "fail" : "info", value, error: [e.kind, e.text] };
  return crashed(e, value);
}

/** Any exception, recorded as Jepsen does: indeterminate, with the exception as "<class>: <message>". */
export function crashed(e: unknown, value: unknown): Completion {
  const msg = e instanceof Error ? e.message : String(e);
  const cls = e instanceof Error ? e.name : typeof e;
  return { type: "info", value, error: `indeterminate: ${msg}`, exception: `${cls}: ${msg}` };
}
