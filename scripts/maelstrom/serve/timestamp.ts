/**
 * A run directory's name: Joda basic date-time, as in 20261121T120102.345+0000,
 * with "-1", "-2"... added by our harness when two runs start in the same ms.
 */
export const TIMESTAMP = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(?:\.(\d{1,3}))?(Z|[+-]\d{4})(?:-(\d+))?$/;

export function parseTimestamp(name: string): Date | null {
  const m = TIMESTAMP.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms, zone] = m;
  const offset = zone === "Z" ? "Z" : `${zone!.slice(0, 3)}:${zone!.slice(3)}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${(ms ?? "0").padEnd(3, "0")}${offset}`);
  return Number.isNaN(date.getTime()) ? null : date;
}
