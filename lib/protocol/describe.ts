import type { Message } from "./message.js";

// Small helpers that turn values, errors and messages into text for log lines and error replies.
// None of them throws, whatever it is given.

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : safeString(e);
}

export function stackOf(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : safeString(e);
}

export function safeString(v: unknown): string {
  try {
    return String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}

/** JSON for a log line; a description if the value cannot be serialised (too deep, a cycle, a BigInt). */
export function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? "undefined";
  } catch (e) {
    return `(cannot be shown: ${serialiseFailure(e)})`;
  }
}

/** Why JSON.stringify failed, in words. */
export function serialiseFailure(e: unknown): string {
  if (e instanceof RangeError && /call stack/i.test(e.message)) return `it is nested too deeply to serialise (${e.message})`;
  return messageOf(e);
}

/** What a value is, for a text that says why it is not a message body. */
export function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return typeof (v as { type?: unknown }).type === "string" ? "an object" : 'an object without a string "type"';
  if (typeof v === "string") return `a string (${clip(v, 40)})`;
  return `${/^[aeiou]/.test(typeof v) ? "an" : "a"} ${typeof v}`;
}

/** A string quoted as JSON, cut to its first `max` characters (and its length) if longer. */
export function clip(s: string, max = 200): string {
  return s.length <= max ? JSON.stringify(s) : `${JSON.stringify(s.slice(0, max))}… (${s.length} characters)`;
}

/** A message's type as a log line shows it: `"echo"`, or that it has none. */
export function typeOf(msg: Message<unknown>): string {
  const t = (msg.body as Record<string, unknown> | undefined)?.type;
  return typeof t === "string" ? `"${t}"` : "message without a type";
}

/** A schema's issues in one line: `path: message; path: message`. */
export function formatIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  return issues.map((i) => (i.path.length ? `${i.path.map(String).join(".")}: ${i.message}` : i.message)).join("; ");
}

export function isThenable<T>(v: unknown): v is PromiseLike<T> {
  return typeof v === "object" && v !== null && typeof (v as { then?: unknown }).then === "function";
}
