/**
 * How an option's value is read. A value given in code (testOptions) is turned
 * back into its command-line text and read by the same parser, so the command
 * line and code can never accept different values.
 */

import { closest } from "./did-you-mean.js";
import { decimal, describeRange, integer, oneOf, type Parsed } from "./values.js";

export interface ValueKind<T, In> {
  /** False for flags: present means true, and they take no value. */
  readonly takesValue: boolean;
  /** What is accepted, for a value of the wrong type given in code. */
  readonly expected: string;
  /** Reads one command-line value. */
  parse(text: string): Parsed<T>;
  /** The command-line values that stand for `value` given in code (one per occurrence), or undefined if it has the wrong type. */
  texts(value: In): string[] | undefined;
}

const one = (ok: boolean, text: () => string): string[] | undefined => (ok ? [text()] : undefined);

/** A flag: false unless given. */
export const flag: ValueKind<boolean, boolean> = {
  takesValue: false,
  expected: "true or false",
  parse: () => ({ ok: true, value: true }),
  texts: (v) => (typeof v === "boolean" ? [] : undefined),
};

/** A finite decimal number satisfying `test`. */
export function decimalKind(expected: string, test: (n: number) => boolean): ValueKind<number, number> {
  return { takesValue: true, expected, parse: (t) => decimal(t, expected, test), texts: (v) => one(typeof v === "number", () => String(v)) };
}

/** A whole number in [min, max]. */
export function integerKind(min: number, max = Number.MAX_SAFE_INTEGER, what?: string): ValueKind<number, number> {
  const expected = what ?? describeRange("an integer", min, max);
  return { takesValue: true, expected, parse: (t) => integer(t, min, max, what), texts: (v) => one(typeof v === "number", () => String(v)) };
}

/** One of `choices`, exactly. */
export function oneOfKind<T extends string>(choices: readonly T[]): ValueKind<T, T> {
  return { takesValue: true, expected: `one of ${choices.join(", ")}`, parse: (t) => oneOf(t, choices), texts: (v) => one(typeof v === "string", () => v) };
}

/** Any text but the empty one. */
export function textKind(expected: string): ValueKind<string, string> {
  return { takesValue: true, expected, parse: (t) => (t === "" ? { ok: false, expected } : { ok: true, value: t }), texts: (v) => one(typeof v === "string", () => v) };
}

/** A value Maelstrom takes for Jepsen's SSH setup; read and ignored. */
export const ignoredText: ValueKind<undefined, string> = {
  takesValue: true,
  expected: "text",
  parse: () => ({ ok: true, value: undefined }),
  texts: (v) => one(typeof v === "string", () => v),
};

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

/** A comma-separated list of non-empty items; in code, an array. */
export function commaListKind(expected: string): ValueKind<string[], readonly string[]> {
  return {
    takesValue: true,
    expected,
    parse: (t) => {
      const items = t.trim().split(/\s*,\s*/);
      return items.some((x) => x === "") ? { ok: false, expected } : { ok: true, value: items };
    },
    texts: (v) => one(isStrings(v), () => v.join(",")),
  };
}

/** A repeatable option (as -n): each occurrence adds one item; in code, an array of them. */
export function repeatedKind(item: ValueKind<string, string>): ValueKind<string[], readonly string[]> {
  return {
    takesValue: true,
    expected: `a list of ${item.expected}s`,
    parse: (t) => {
      const p = item.parse(t);
      return p.ok ? { ok: true, value: [p.value] } : p;
    },
    texts: (v) => (isStrings(v) ? [...v] : undefined),
  };
}

/** A comma-separated set drawn from `choices`, duplicates dropped; in code, an array. `none` is refused with a hint. */
export function setOfKind<T extends string>(choices: readonly T[], noun: string, noneHint: string): ValueKind<T[], readonly T[]> {
  const expected = `a comma-separated list of ${noun} from: ${choices.join(", ")}`;
  return {
    takesValue: true,
    expected,
    parse: (t) => {
      const items = t.trim().split(/\s*,\s*/);
      const bad = items.find((x) => !(choices as readonly string[]).includes(x));
      if (bad === undefined) return { ok: true, value: [...new Set(items)] as T[] };
      if (bad === "" || bad === "none") return { ok: false, expected, hint: noneHint };
      const near = closest(bad, choices);
      return near === undefined ? { ok: false, expected } : { ok: false, expected, hint: `did you mean ${near}?` };
    },
    texts: (v) => (isStrings(v) ? (v.length === 0 ? [] : [v.join(",")]) : undefined),
  };
}

/** A client thread count: N, or Nn for N per node; in code, a number or a string like "2n". */
export type ConcurrencySpec = { n: number; perNode: boolean };
export const concurrencyKind: ValueKind<ConcurrencySpec, number | `${number}n`> = {
  takesValue: true,
  expected: "a positive integer, optionally followed by n (e.g. 4 or 2n)",
  parse(t) {
    const m = /^(\d+)(n?)$/.exec(t);
    const n = m ? Number(m[1]) : NaN;
    if (!m || !Number.isSafeInteger(n) || n < 1) return { ok: false, expected: this.expected };
    return { ok: true, value: { n, perNode: m[2] === "n" } };
  },
  texts: (v) => one(typeof v === "number" || typeof v === "string", () => String(v)),
};

/** --availability: "total" or a fraction from 0 to 1. */
export const availabilityKind: ValueKind<"total" | number, "total" | number> = {
  takesValue: true,
  expected: "total or a number from 0 to 1",
  parse: (t) => (t === "total" ? { ok: true, value: "total" } : decimal(t, "total or a number from 0 to 1", (n) => n >= 0 && n <= 1)),
  texts: (v) => one(v === "total" || typeof v === "number", () => String(v)),
};
