import { jsonText } from "../model/json-text.js";

/**
 * Clojure's `compare` on parsed JSON, where Jepsen's checkers order values by
 * it (the unique-ids checker's range and its sorted map of duplicates), as
 * clojure.lang.Util.compare and the classes' compareTo behave:
 * - null is below everything, and so comparable with anything;
 * - numbers compare numerically (a BigInt, an integer past ±(2^53−1), against
 *   a number by value, as Clojure compares a Long with a BigInteger), strings
 *   by UTF-16 code units, booleans false
 *   before true;
 * - arrays (Clojure vectors) shorter first, then element by element;
 * - anything else throws: a number against a string, a boolean against a
 *   number, an array against a string, and any JSON object at all (Clojure
 *   maps are not Comparable, not even with an equal map).
 *
 * Unlike json-value.ts's compareJson (a total order for sorted output, which
 * never throws), this one throws where Clojure would, so that a checker can
 * say "unknown" where Jepsen's crashes.
 */

/** Thrown where Clojure's compare throws a ClassCastException. */
export class NotComparable extends Error {
  constructor(
    readonly a: unknown,
    readonly b: unknown,
    readonly reason: string,
  ) {
    super(`${show(a)} and ${show(b)} cannot be compared: ${reason}`);
    this.name = "NotComparable";
  }
}

/** A JSON value for a message, clipped. */
export function show(v: unknown): string {
  const s = v === undefined ? "null" : (jsonText(v) ?? String(v));
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function kind(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "bigint") return "number";
  return typeof v; // number, string, boolean, object
}

const article = (k: string) => (k === "array" ? `an ${k}` : `a ${k}`);

/** Negative, zero or positive as `a` is below, equal to or above `b`; throws NotComparable where Clojure throws. */
export function clojureCompare(a: unknown, b: unknown): number {
  const ka = kind(a);
  const kb = kind(b);
  if (ka === "null") return kb === "null" ? 0 : -1;
  if (kb === "null") return 1;
  if (ka === "object" || kb === "object") throw new NotComparable(a, b, "a JSON object is a Clojure map, which has no order");
  if (ka !== kb) throw new NotComparable(a, b, `Clojure does not order ${article(ka)} against ${article(kb)}`);
  switch (ka) {
    case "array": {
      const x = a as unknown[];
      const y = b as unknown[];
      if (x.length !== y.length) return x.length < y.length ? -1 : 1;
      for (let i = 0; i < x.length; i++) {
        const c = clojureCompare(x[i], y[i]);
        if (c !== 0) return c;
      }
      return 0;
    }
    case "boolean":
      return Number(a) - Number(b);
    default: {
      // JavaScript's < compares a bigint with a number by their exact values.
      const x = a as number | bigint | string;
      const y = b as number | bigint | string;
      return x < y ? -1 : x > y ? 1 : 0;
    }
  }
}
