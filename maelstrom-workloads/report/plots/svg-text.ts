// Characters XML 1.0 forbids even as references: one of them in node output
// would make a whole SVG file unreadable, so they become U+FFFD.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const ENTITY: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text made safe for XML or HTML, in element content and in quoted attributes alike. */
export function escapeXml(s: string): string {
  return s.replace(NOT_XML, "\uFFFD").replace(/[&<>"']/g, (c) => ENTITY[c]!);
}

/** At most `max` characters, with "…" at the end when cut. */
export function shorten(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1))}…`;
}

/** A value as short JSON for a label or a tooltip (undefined as ""). */
export function showValue(v: unknown, max = 200): string {
  if (v === undefined) return "";
  let s: string;
  try {
    s = typeof v === "string" ? v : (JSON.stringify(v) ?? String(v));
  } catch {
    s = String(v);
  }
  return shorten(s, max);
}

/** A number for an axis or a tooltip: at most `digits` decimals, no trailing zeros. */
export function num(v: number, digits = 3): string {
  return String(Number(v.toFixed(digits)));
}
