/**
 * A value from a stored file as a person reads it in a message: JSON cut to
 * 60 characters ("nothing" when absent), safe on a terminal (JSON escapes C0
 * controls; DEL, C1 controls and the line separators are escaped here).
 */
export function shownValue(v: unknown): string {
  if (v === undefined) return "nothing";
  const text = (typeof v === "bigint" ? String(v) : JSON.stringify(v)).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
