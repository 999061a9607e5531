/** What a broadcast node stores: whole numbers it can give back exactly, or strings. */
export type BroadcastValue = number | string;

const MAX = Number.MAX_SAFE_INTEGER;

/**
 * Why `v` cannot be stored as a broadcast value, or undefined if it can.
 * Numbers arrive through JSON.parse, which silently rounds integers beyond
 * 2^53-1 (12345678901234567891 becomes 12345678901234567000) and decimals
 * to the nearest double, so only safe integers are sure to read back as
 * they were sent; anything else is refused rather than altered.
 */
export function broadcastValueProblem(v: unknown): string | undefined {
  if (typeof v === "string") return undefined;
  if (v === undefined) return "required: the value to broadcast, a whole number or a string";
  if (typeof v !== "number") return `broadcast values must be whole numbers or strings, got ${v === null ? "null" : Array.isArray(v) ? "an array" : typeof v}`;
  if (Number.isSafeInteger(v)) return undefined;
  const why = Number.isInteger(v) || !Number.isFinite(v) ? `it is outside -${MAX}..${MAX} (2^53-1), where JSON numbers are rounded` : "it has a fraction, which JSON numbers round to binary";
  return `the number (read here as ${String(v)}) cannot be kept exactly: ${why}, so a read would not give back what was sent. This node stores whole numbers from -${MAX} to ${MAX}, or strings (send a bigger number as a string)`;
}

/** Whether `v` can be stored exactly as a broadcast value. */
export function isBroadcastValue(v: unknown): v is BroadcastValue {
  return broadcastValueProblem(v) === undefined;
}
