/** One place where two JSON values differ. `path` is like `body.msg_id` or `body.value[2]`; "" is the whole value. */
export interface FieldDifference {
  path: string;
  /** Present unless the expected side has nothing at this path. */
  expected?: unknown;
  /** Present unless the actual side has nothing at this path. */
  actual?: unknown;
}

/**
 * The places where two parsed JSON values differ, in the expected value's key
 * order (then keys only the actual value has), at most `limit` of them.
 * Object key order never matters; array order does. An empty result means
 * the values are equal.
 */
export function jsonDifferences(expected: unknown, actual: unknown, limit = Infinity): FieldDifference[] {
  const out: FieldDifference[] = [];
  walk(expected, actual, "", out, limit);
  return out;
}

function walk(e: unknown, a: unknown, path: string, out: FieldDifference[], limit: number): void {
  if (out.length >= limit) return;
  if (isObject(e) && isObject(a)) {
    for (const k of Object.keys(e)) {
      if (out.length >= limit) return;
      const p = join(path, k);
      if (!Object.hasOwn(a, k)) out.push({ path: p, expected: e[k] });
      else walk(e[k], a[k], p, out, limit);
    }
    for (const k of Object.keys(a)) {
      if (out.length >= limit) return;
      if (!Object.hasOwn(e, k)) out.push({ path: join(path, k), actual: a[k] });
    }
    return;
  }
  if (Array.isArray(e) && Array.isArray(a)) {
    const n = Math.max(e.length, a.length);
    for (let i = 0; i < n; i++) {
      if (out.length >= limit) return;
      const p = `${path}[${i}]`;
      if (i >= a.length) out.push({ path: p, expected: e[i] });
      else if (i >= e.length) out.push({ path: p, actual: a[i] });
      else walk(e[i], a[i], p, out, limit);
    }
    return;
  }
  if (e !== a) out.push({ path, expected: e, actual: a });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function join(path: string, key: string): string {
  const part = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (part.startsWith("[")) return `${path}${part}`;
  return path === "" ? part : `${path}.${part}`;
}

/** `body.msg_id: expected 2, got 3`, and the like. */
export function describeDifference(d: FieldDifference): string {
  const where = d.path === "" ? "the whole line" : d.path;
  if (!("actual" in d)) return `${where}: expected ${show(d.expected)}, but it is missing`;
  if (!("expected" in d)) return `${where}: not expected, but got ${show(d.actual)}`;
  return `${where}: expected ${show(d.expected)}, got ${show(d.actual)}`;
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}
