import { readFirstJsonValue } from "./first-json-value.js";
import { jsonText } from "../model/json-text.js";

/** The outcome of reading one line of a node's stdout. */
export type NodeOutput = { ok: true; src: string; dest: string; body: Record<string, unknown> } | { ok: false; reason: string };

const ENVELOPE_KEYS = new Set(["src", "dest", "body", "id"]);

/**
 * Reads a node's stdout line the way Maelstrom does: the first JSON value on
 * the line, as cheshire reads it (anything after that value is ignored, and raw
 * control characters inside strings are accepted: see first-json-value.ts);
 * the envelope is closed (src, dest, body and an optional integer id, nothing
 * else); a missing or null body becomes {}; a body that is not an object is
 * an error. Any `id` the node sets is ignored (the network assigns its own).
 */
export function parseNodeOutput(line: string): NodeOutput {
  // cheshire gives nil for a line of only whitespace, and nil lacks src and dest.
  if (/^[ \t\r\n]*$/.test(line)) return { ok: false, reason: "a blank line is not a JSON message" };
  const first = readFirstJsonValue(line);
  if (!first.ok) return { ok: false, reason: `line not valid JSON (${first.reason})` };
  const v = first.value;
  if (typeof v !== "object" || v === null || Array.isArray(v)) return { ok: false, reason: `malformed message: not a JSON object (the line starts with ${v === null ? "null" : Array.isArray(v) ? "an array" : `a ${typeof v}`})` };
  const m = v as Record<string, unknown>;
  const extra = Object.keys(m).filter((k) => !ENVELOPE_KEYS.has(k));
  if (extra.length) return { ok: false, reason: `malformed message: unexpected top-level key(s) ${extra.map((k) => jsonText(k)).join(", ")} (only src, dest, body and id are allowed)` };
  if (typeof m.src !== "string") return { ok: false, reason: `malformed message: "src" must be a string, got ${jsonText(m.src) ?? "nothing"}` };
  if (typeof m.dest !== "string") return { ok: false, reason: `malformed message: "dest" must be a string, got ${jsonText(m.dest) ?? "nothing"}` };
  if (m.id !== undefined && !((typeof m.id === "number" && Number.isInteger(m.id)) || typeof m.id === "bigint")) return { ok: false, reason: `malformed message: "id" must be an integer, got ${jsonText(m.id)}` };
  const body = m.body ?? {};
  if (typeof body !== "object" || Array.isArray(body)) return { ok: false, reason: `malformed message: "body" must be an object, got ${jsonText(body)}` };
  return { ok: true, src: m.src, dest: m.dest, body: body as Record<string, unknown> };
}
