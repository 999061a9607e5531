import type { ResponseCheck } from "../run/client.js";
import { jsonText } from "./json-text.js";

type FieldCheck = (v: unknown) => string | undefined;

/**
 * Maelstrom checks replies with Prismatic schema. What each check here stands
 * for, and how it treats null (read in schema 1.4.1, schema/core.cljc):
 * - `anyValue` is `s/Any`: anything, null included, but a required key must
 *   be present;
 * - `integer` is `s/Int` (`integer?`): null fails; a BigInt (an integer
 *   token past ±(2^53−1), which Jackson reads as a long or BigInteger) passes;
 * - `sequence` is a vector schema such as `[s/Any]`: its precondition lets
 *   null through as well as any array, so `"messages": null` is an empty read
 *   (a Go node encodes an empty nil slice as null).
 */
export const anyValue: FieldCheck = (v) => (v === undefined ? "is missing" : undefined);
export const integer: FieldCheck = (v) => ((typeof v === "number" && Number.isInteger(v)) || typeof v === "bigint" ? undefined : `must be an integer, got ${jsonText(v) ?? "nothing"}`);
export const sequence: FieldCheck = (v) =>
  v === undefined ? "is missing" : v === null || Array.isArray(v) ? undefined : `must be a JSON array or null (Maelstrom's [Any]), got ${jsonText(v)}`;

/**
 * A closed response schema, as Maelstrom's `defrpc`: exactly `type`, the
 * listed fields, a required integer `in_reply_to`, an optional integer
 * `msg_id`, and nothing else. An extra field fails the check.
 */
export function closedResponse(type: string, fields: Record<string, FieldCheck> = {}): ResponseCheck {
  return (body) => {
    const problems: string[] = [];
    if (body.type !== type) problems.push(`type must be "${type}", got ${jsonText(body.type)}`);
    const irt = integer(body.in_reply_to);
    if (irt) problems.push(`in_reply_to ${irt}`);
    if (body.msg_id !== undefined && integer(body.msg_id)) problems.push(`msg_id ${integer(body.msg_id)}`);
    for (const [k, check] of Object.entries(fields)) {
      const p = check(body[k]);
      if (p) problems.push(`${k} ${p}`);
    }
    const allowed = new Set(["type", "in_reply_to", "msg_id", ...Object.keys(fields)]);
    const extra = Object.keys(body).filter((k) => !allowed.has(k));
    if (extra.length) problems.push(`unexpected field(s) ${extra.map((k) => jsonText(k)).join(", ")} (Maelstrom's ${type} schema is closed: only ${[...allowed].join(", ")})`);
    return problems.length ? problems.join("; ") : undefined;
  };
}
