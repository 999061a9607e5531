import { isCommentOrBlank } from "./input-line.js";
import { type FieldDifference, jsonDifferences } from "./json-diff.js";

/** One line of an expected-output file, with its line number there. */
export interface ExpectedLine {
  fileLine: number;
  text: string;
}

export type OutputDifference =
  /** Output line `index` (0-based) is not the expected one. `fields` is empty unless both lines are JSON. */
  | { kind: "changed"; index: number; expected: ExpectedLine; actual: string; fields: FieldDifference[] }
  /** The node wrote fewer lines: `expected` is the first one missing. */
  | { kind: "missing"; index: number; expected: ExpectedLine }
  /** The node wrote more lines: `actual` is the first extra one. */
  | { kind: "extra"; index: number; actual: string };

export type Comparison =
  | { equal: true; lines: number }
  | { equal: false; first: OutputDifference; differing: number; expectedCount: number; actualCount: number };

/** The lines of an expected-output file that count: comments (# or //) and blank lines are skipped. */
export function parseExpected(text: string): ExpectedLine[] {
  const out: ExpectedLine[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (!isCommentOrBlank(line)) out.push({ fileLine: i + 1, text: line });
  });
  return out;
}

/**
 * Compares the node's stdout lines with the expected ones, line by line.
 * Lines that are both JSON are compared as values (object key order does not
 * matter); otherwise as text, ignoring surrounding whitespace.
 */
export function compareOutput(expected: readonly ExpectedLine[], actual: readonly string[]): Comparison {
  let first: OutputDifference | undefined;
  let differing = 0;
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    const e = expected[i];
    const a = actual[i];
    let d: OutputDifference | undefined;
    if (e === undefined) d = { kind: "extra", index: i, actual: a! };
    else if (a === undefined) d = { kind: "missing", index: i, expected: e };
    else d = compareLine(i, e, a);
    if (d) {
      differing++;
      first ??= d;
    }
  }
  if (!first) return { equal: true, lines: expected.length };
  return { equal: false, first, differing, expectedCount: expected.length, actualCount: actual.length };
}

function compareLine(index: number, expected: ExpectedLine, actual: string): OutputDifference | undefined {
  const e = tryParse(expected.text);
  const a = tryParse(actual);
  if (e.ok && a.ok) {
    const fields = jsonDifferences(e.value, a.value, 5);
    return fields.length === 0 ? undefined : { kind: "changed", index, expected, actual, fields };
  }
  return expected.text.trim() === actual.trim() ? undefined : { kind: "changed", index, expected, actual, fields: [] };
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
