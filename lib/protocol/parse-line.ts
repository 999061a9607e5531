import type { Message } from "./message.js";

export type ParsedLine =
  | { ok: true; message: Message<Record<string, unknown>> }
  | { ok: false; reason: string };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Parses one line from stdin into an envelope `{src, dest, body}`.
 * Hand-written rather than a schema: it runs on every message and the checks
 * are few. The body's own fields are checked later, by the handler's schema.
 */
export function parseLine(line: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    return { ok: false, reason: `not valid JSON (${(e as Error).message})` };
  }
  if (!isPlainObject(value)) {
    return { ok: false, reason: `expected a JSON object {src, dest, body}, got ${describe(value)}` };
  }
  const { src, dest, body } = value;
  if (typeof src !== "string") return { ok: false, reason: `envelope field "src" must be a string, got ${describe(src)}` };
  if (typeof dest !== "string") return { ok: false, reason: `envelope field "dest" must be a string, got ${describe(dest)}` };
  if (!isPlainObject(body)) return { ok: false, reason: `envelope field "body" must be an object, got ${describe(body)}` };
  return { ok: true, message: value as unknown as Message<Record<string, unknown>> };
}

function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return `a ${typeof v}`;
}
