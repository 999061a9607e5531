/** A message body cut to about `maxChars` characters of JSON, and whether anything was cut. */
export interface ClippedBody {
  body: unknown;
  clipped: boolean;
}

/**
 * Cuts a body to about `maxChars` characters of JSON while keeping it a body
 * of the same shape: an array keeps its first elements and ends with a
 * string "… N more"; an object keeps its keys in order, each value cut to
 * what is left; a long string keeps its start and ends with "…". So a
 * read_ok listing 12,000 values still reads as {"messages":[0,1,2,…,"… 11,900
 * more"]} in a label, and the values kept can still be traced.
 *
 * Why: a broadcast run at --rate 200 for 60 s journals 168 MB, mostly
 * read_ok bodies listing every value so far; report.html carries every
 * message and must stay small enough to open.
 */
export function clipBody(body: unknown, maxChars: number): ClippedBody {
  const whole = JSON.stringify(body);
  if (whole === undefined || whole.length <= maxChars) return { body, clipped: false };
  return { body: clip(body, Math.max(16, maxChars)), clipped: true };
}

/** `v` cut to at most `budget` characters of JSON (a number, true/false/null or a key too long for it is still kept whole). */
function clip(v: unknown, budget: number): unknown {
  if (typeof v === "string") {
    if ((JSON.stringify(v) ?? "").length <= budget) return v;
    let n = Math.max(1, budget - 3);
    let cut = v.slice(0, n) + "…";
    while (n > 1 && JSON.stringify(cut).length > budget) cut = v.slice(0, (n = Math.max(1, Math.floor(n * 0.8)))) + "…";
    return cut;
  }
  if (v === null || typeof v !== "object") return v;
  let left = budget - 2; // the brackets
  if (Array.isArray(v)) {
    const marker = JSON.stringify(`… ${v.length} more`).length + 1; // at most this long, with its comma
    const out: unknown[] = [];
    for (let i = 0; i < v.length; i++) {
      const s = JSON.stringify(v[i]) ?? "null";
      if (s.length + 1 > left - marker) {
        // an element too big for what is left is cut into it, if there is room worth using
        if (left - marker > 40 && s.length > 40) {
          const c = clip(v[i], left - marker - 1);
          if ((JSON.stringify(c) ?? "").length <= left - marker - 1) out.push(c);
        }
        out.push(`… ${v.length - out.length} more`);
        return out;
      }
      out.push(v[i]);
      left -= s.length + 1;
    }
    return out;
  }
  const MORE = 17; // ,"…":"more keys"
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (x === undefined) continue;
    const s = JSON.stringify(x) ?? "null";
    const keyLen = JSON.stringify(k).length + 2; // the key, its colon and a comma
    const room = left - keyLen - MORE;
    const kept = s.length <= room ? x : room >= 8 ? clip(x, room) : undefined;
    const keptLen = kept === x ? s.length : (JSON.stringify(kept) ?? "").length;
    if (kept === undefined || keptLen > room) {
      out["…"] = "more keys";
      return out;
    }
    out[k] = kept;
    left -= keyLen + keptLen;
  }
  return out;
}
