/**
 * How Clojure prints a parsed JSON value, for the texts of Maelstrom's service
 * errors ("current value X is not Y"): `prStr` as `pr-str` (strings quoted and
 * escaped), `str` as `str` (a bare string as is, nil as the empty string; a
 * collection as pr-str). Parsed JSON is nil, booleans, numbers, strings,
 * vectors and maps with string keys (Maelstrom keywordizes only the top level
 * of a body, so a nested object keeps string keys).
 *
 * Numbers: JavaScript cannot tell the JSON `1` from `1.0` (Jackson reads a
 * long and a double), so an integral number prints as a long (`1`), anything
 * else as Java prints a double (`1.5`, `1.0E-5`, `1.5E20`). An integer token
 * past ±(2^53−1) is a BigInt here (run/first-json-value.ts): Jackson reads it
 * as a long when it fits 64 bits, which prints as its digits, and otherwise as
 * a java.math.BigInteger (cheshire keeps what Jackson's getNumberValue gives),
 * which Clojure's print-method writes as its digits and `BIGINT`.
 */

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** Clojure's `pr-str` of a parsed JSON value. */
export function prStr(v: unknown): string {
  if (v === null || v === undefined) return "nil";
  if (typeof v === "boolean") return String(v);
  if (typeof v === "number") return numberText(v);
  if (typeof v === "bigint") return v >= LONG_MIN && v <= LONG_MAX ? String(v) : `${v}BIGINT`;
  if (typeof v === "string") return quoted(v);
  if (Array.isArray(v)) return `[${v.map(prStr).join(" ")}]`;
  if (typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    return `{${entries.map(([k, x]) => `${quoted(k)} ${prStr(x)}`).join(", ")}}`;
  }
  return String(v);
}

/** Clojure's `str` of a parsed JSON value. */
export function str(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "bigint") return String(v); // toString: no BIGINT suffix, which only pr-str adds
  return prStr(v);
}

/** Clojure's readable string: the escapes of its char-escape-string, everything else as is. */
function quoted(s: string): string {
  return `"${s.replace(/[\n\t\r"\\\f\b]/g, (c) => ESCAPES[c]!)}"`;
}

const ESCAPES: Record<string, string> = { "\n": "\\n", "\t": "\\t", "\r": "\\r", '"': '\\"', "\\": "\\\\", "\f": "\\f", "\b": "\\b" };

/** A long's digits, or Java's Double.toString: plain from 10^-3 up to 10^7, else d.dddE±n (always with a ".", no "+"). */
function numberText(n: number): string {
  if (Number.isSafeInteger(n)) return String(n);
  if (!Number.isFinite(n)) return n > 0 ? "Infinity" : n < 0 ? "-Infinity" : "NaN";
  const a = Math.abs(n);
  if (a >= 1e-3 && a < 1e7) return Number.isInteger(n) ? `${n}.0` : String(n);
  const [mantissa, exp] = n.toExponential().split("e") as [string, string];
  return `${mantissa.includes(".") ? mantissa : `${mantissa}.0`}E${exp.replace("+", "")}`;
}
