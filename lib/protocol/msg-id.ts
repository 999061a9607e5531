import { clip, describeValue } from "./describe.js";
import type { Message } from "./message.js";

// The rules for a request's msg_id: a reply echoes it as in_reply_to, so it
// must be a non-negative integer that a double holds exactly.

/** The request's msg_id, if it can be echoed exactly as in_reply_to. */
export function msgIdOf(msg: Message<unknown>): number | undefined {
  const b = msg.body as Record<string, unknown> | undefined;
  const id = b?.msg_id;
  return typeof id === "number" && isEchoableMsgId(id) ? id : undefined;
}

/** A non-negative integer that a double holds exactly, so the in_reply_to we write is the id that was sent. */
function isEchoableMsgId(id: number): boolean {
  return Number.isSafeInteger(id) && id >= 0;
}

/** What is wrong with a msg_id, for the log; `raw` is its digits as sent, if JSON.parse had to round it. */
export function msgIdProblem(id: unknown, raw: string | undefined): string {
  if (id === undefined) return "it carries no msg_id";
  if (typeof id === "string") return `msg_id ${clip(id, 40)} is a string, not a number`;
  if (typeof id !== "number") return `msg_id is ${describeValue(id)}, not a number`;
  const shown = raw ?? String(id);
  if (!Number.isFinite(id) || (Number.isInteger(id) && !Number.isSafeInteger(id))) {
    return `msg_id ${shown} is beyond 2^53 and cannot be echoed exactly (JSON numbers are read as doubles), so no reply is sent`;
  }
  if (!Number.isInteger(id)) return `msg_id ${shown} is not an integer`;
  if (id < 0) return `msg_id ${shown} is negative`;
  return `msg_id ${shown} is fine`;
}

/**
 * The digits of the body's msg_id as they stand in `line`, when it cannot be
 * echoed (JSON.parse may have rounded an id beyond 2^53); undefined otherwise.
 */
export function unechoableMsgIdText(line: string, body: Record<string, unknown>): string | undefined {
  const id = body.msg_id;
  return typeof id === "number" && !isEchoableMsgId(id) ? rawNumberText(line, "msg_id", id) : undefined;
}

/**
 * The text of a number as it stands in a JSON line, for a `"key": number`
 * whose parsed value is `value`; undefined if it cannot be found.
 */
function rawNumberText(line: string, key: string, value: number): string | undefined {
  const re = new RegExp(`"${key}"\\s*:\\s*(-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)`, "g");
  for (const m of line.matchAll(re)) if (Number(m[1]) === value) return m[1];
  return undefined;
}
