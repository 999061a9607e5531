/**
 * Parsers for option values. Each returns the parsed value, or a description
 * of what would have been accepted (to follow "expected") and maybe a hint
 * such as "did you mean …?"; the caller adds the option name and the bad value.
 */

import { closest } from "./did-you-mean.js";

export type Parsed<T> = { ok: true; value: T } | { ok: false; expected: string; hint?: string };

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A whole number in [min, max]. Accepts a leading sign, as Java's Long.parseLong does. */
export function integer(value: string, min: number, max = Number.MAX_SAFE_INTEGER, what?: string): Parsed<number> {
  const expected = what ?? describeRange("an integer", min, max);
  if (!INTEGER.test(value)) return { ok: false, expected };
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min || n > max) return { ok: false, expected };
  return { ok: true, value: n + 0 };
}

/** A finite decimal number (e.g. 5, 0.5, .5, 1e3) that satisfies `test`. */
export function decimal(value: string, expected: string, test: (n: number) => boolean): Parsed<number> {
  if (!DECIMAL.test(value)) return { ok: false, expected };
  const n = Number(value);
  if (!Number.isFinite(n) || !test(n)) return { ok: false, expected };
  return { ok: true, value: n + 0 };
}

/** One of `choices`, exactly. The message suggests the closest choice. */
export function oneOf<T extends string>(value: string, choices: readonly T[]): Parsed<T> {
  if ((choices as readonly string[]).includes(value)) return { ok: true, value: value as T };
  const near = closest(value, choices);
  const expected = `one of ${choices.join(", ")}`;
  return near === undefined ? { ok: false, expected } : { ok: false, expected, hint: `did you mean ${near}?` };
}

export function describeRange(noun: string, min: number, max: number): string {
  if (max === Number.MAX_SAFE_INTEGER) return min === 1 ? `a positive ${noun.replace(/^an? /, "")}` : `${noun} >= ${min}`;
  return `${noun} from ${min} to ${max}`;
}
