/**
 * Value identity for parsed JSON, used wherever Maelstrom compares values with
 * Clojure equality (set elements, echoed payloads).
 *
 * Known difference from Clojure: JavaScript parses `1` and `1.0` to the same
 * number, so they are the same value here, while Clojure treats the long 1
 * and the double 1.0 as different elements (MAELSTROM.md §5.2, §8 item 16).
 * Once a JSON document has been parsed by JS that distinction is gone.
 *
 * An integer past ±(2^53−1) arrives as a BigInt (run/first-json-value.ts),
 * exact; it equals a number of the same value (its canonical JSON is its
 * digits), as Clojure's `=` equates a Long with a BigInteger of equal value.
 */

/**
 * A canonical string for a JSON value: object keys sorted, `undefined`
 * treated as `null` (and dropped as an object member, like JSON.stringify).
 * Two JSON values are equal exactly when their canonical strings are equal.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
  }
  if (typeof value === "bigint") return value.toString();
  const s = JSON.stringify(value);
  return s === undefined ? "null" : s;
}

/** Deep equality of JSON values (object key order is irrelevant). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function typeRank(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === "boolean") return 1;
  if (typeof v === "number" || typeof v === "bigint") return 2;
  if (typeof v === "string") return 3;
  if (Array.isArray(v)) return 4;
  return 5;
}

/**
 * A total order on JSON values for sorted outputs, close to Clojure's
 * `compare`: numbers numerically, strings by UTF-16 code units, arrays
 * shorter-first then element-wise (as Clojure compares vectors). Clojure's
 * `compare` throws on mixed types and on maps; here mixed types are ordered
 * null < boolean < number < string < array < object, and objects by their
 * canonical JSON, so sorting never fails.
 */
export function compareJson(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 0:
      return 0;
    case 1:
      return Number(a) - Number(b);
    case 2: {
      const x = a as number | bigint;
      const y = b as number | bigint;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 3: {
      const x = a as string;
      const y = b as string;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 4: {
      const x = a as unknown[];
      const y = b as unknown[];
      if (x.length !== y.length) return x.length - y.length;
      for (let i = 0; i < x.length; i++) {
        const c = compareJson(x[i], y[i]);
        if (c !== 0) return c;
      }
      return 0;
    }
    default: {
      const x = canonicalJson(a);
      const y = canonicalJson(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
  }
}
