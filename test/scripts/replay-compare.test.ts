import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareOutput, parseExpected } from "../../scripts/replay/compare-output.js";
import { formatComparison } from "../../scripts/replay/format-comparison.js";
import { describeDifference, jsonDifferences } from "../../scripts/replay/json-diff.js";
import { makeStyle } from "../../scripts/replay/style.js";

/** The same JSON value with every object's keys in reverse order. */
function reverseKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reverseKeys);
  if (typeof v === "object" && v !== null) {
    return Object.fromEntries(
      Object.entries(v)
        .reverse()
        .map(([k, x]) => [k, reverseKeys(x)]),
    );
  }
  return v;
}

const json = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown);

describe("jsonDifferences", () => {
  it("finds none between a value and itself with keys in another order", () => {
    fc.assert(
      fc.property(json, (v) => {
        expect(jsonDifferences(v, reverseKeys(v))).toEqual([]);
      }),
    );
  });

  it("finds a changed leaf at its path", () => {
    fc.assert(
      fc.property(json, fc.integer(), (v, n) => {
        const expected = { body: { payload: v, msg_id: n } };
        const actual = { body: { msg_id: n + 1, payload: reverseKeys(v) } };
        expect(jsonDifferences(expected, actual)).toEqual([{ path: "body.msg_id", expected: n, actual: n + 1 }]);
      }),
    );
  });

  it("names missing, unexpected, array and odd-key differences", () => {
    const d = jsonDifferences({ a: 1, list: [1, 2, 3], "odd key": true }, { list: [1, 5], b: null, "odd key": true });
    expect(d.map(describeDifference)).toEqual([
      "a: expected 1, but it is missing",
      "list[1]: expected 2, got 5",
      "list[2]: expected 3, but it is missing",
      "b: not expected, but got null",
    ]);
    expect(describeDifference(jsonDifferences({ "a b": 1 }, { "a b": 2 })[0]!)).toBe('["a b"]: expected 1, got 2');
    expect(describeDifference(jsonDifferences(1, "1")[0]!)).toBe('the whole line: expected 1, got "1"');
  });

  it("stops at the limit", () => {
    expect(jsonDifferences({ a: 1, b: 2, c: 3 }, {}, 2)).toHaveLength(2);
  });
});

describe("compareOutput", () => {
  const exp = parseExpected('# comment\n{"a":1,"b":[1,2]}\n\n// another\n{"c":2}\r\nplain text\n');

  it("skips comments and blank lines, keeping file line numbers", () => {
    expect(exp).toEqual([
      { fileLine: 2, text: '{"a":1,"b":[1,2]}' },
      { fileLine: 5, text: '{"c":2}' },
      { fileLine: 6, text: "plain text" },
    ]);
  });

  it("is equal regardless of key order and spacing", () => {
    expect(compareOutput(exp, ['{"b":[1,2],"a":1}', '{ "c" : 2 }', "plain text"])).toEqual({ equal: true, lines: 3 });
  });

  it("reports the first changed line with its fields, and counts the others", () => {
    const c = compareOutput(exp, ['{"a":1,"b":[1,2]}', '{"c":3}', "other text"]);
    expect(c).toMatchObject({ equal: false, differing: 2, first: { kind: "changed", index: 1, expected: { fileLine: 5 }, actual: '{"c":3}', fields: [{ path: "c", expected: 2, actual: 3 }] } });
    const text = formatComparison(c, "out.jsonl", makeStyle(false)).join("\n");
    expect(text).toContain("✗ stdout differs from out.jsonl: 2 lines differ; the first difference:");
    expect(text).toContain("output line 2 is not the expected line (out.jsonl:5)");
    expect(text).toContain("c: expected 2, got 3");
  });

  it("compares lines that are not JSON as text", () => {
    const c = compareOutput(exp, ['{"a":1,"b":[1,2]}', '{"c":2}', "plain txt"]);
    expect(c).toMatchObject({ equal: false, first: { kind: "changed", index: 2, fields: [] } });
    expect(formatComparison(c, "f", makeStyle(false)).join("\n")).toContain("(not both JSON, so compared as text)");
  });

  it("reports missing and extra lines", () => {
    const missing = compareOutput(exp, ['{"a":1,"b":[1,2]}']);
    expect(missing).toMatchObject({ equal: false, differing: 2, first: { kind: "missing", index: 1 } });
    expect(formatComparison(missing, "f", makeStyle(false)).join("\n")).toContain("missing output: the node wrote 1 line, 3 were expected; the first of 2 missing (f:5)");

    const extra = compareOutput(exp, ['{"a":1,"b":[1,2]}', '{"c":2}', "plain text", '{"d":4}']);
    expect(extra).toMatchObject({ equal: false, differing: 1, first: { kind: "extra", index: 3, actual: '{"d":4}' } });
    expect(formatComparison(extra, "f", makeStyle(false)).join("\n")).toContain("extra output: the node wrote 4 lines, only 3 were expected; the extra one (output line 4)");
  });

  it("mentions a length difference after a changed line", () => {
    const c = compareOutput(exp, ['{"a":2,"b":[1,2]}']);
    expect(formatComparison(c, "f", makeStyle(false)).join("\n")).toContain("and the node wrote 2 line(s) fewer than expected (1, not 3)");
  });
});
