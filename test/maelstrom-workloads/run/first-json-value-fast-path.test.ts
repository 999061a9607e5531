import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JACKSON_LIMITS, readFirstJsonValue, readFirstJsonValueCarefully } from "../../../maelstrom-workloads/run/first-json-value.js";

const ws = fc.constantFrom("", " ", "\t", "\r\n", "  \n ");
const junk = fc.constantFrom("", "", "x", " {}", "]", "\u0001", "1");
/** Numbers of n digits: all in one run, or split in three runs as even as can be (the shortest runs a too-long number can have). */
const big = (n: number) => {
  const a = Math.ceil(n / 3);
  const b = Math.ceil((n - a) / 2);
  const c = n - a - b;
  return fc.constantFrom("1".repeat(n), `0.${"2".repeat(n)}`, `1.${"3".repeat(n - 400)}e${"4".repeat(400)}`, `${"5".repeat(a)}.${"6".repeat(b)}e${"7".repeat(c)}`, `${"5".repeat(c)}.${"6".repeat(b)}e-${"7".repeat(a)}`);
};
/** Values near and past each Jackson limit, in JSON text. */
const limitText = fc.oneof(
  fc.integer({ min: JACKSON_LIMITS.numberLength - 2, max: JACKSON_LIMITS.numberLength + 2 }).chain(big),
  fc.integer({ min: JACKSON_LIMITS.depth - 2, max: JACKSON_LIMITS.depth + 1 }).map((d) => "[".repeat(d) + "]".repeat(d)),
  fc.integer({ min: JACKSON_LIMITS.nameLength - 1, max: JACKSON_LIMITS.nameLength + 1 }).map((n) => `{"${"k".repeat(n)}":1}`),
  fc.integer({ min: JACKSON_LIMITS.nameLength - 1, max: JACKSON_LIMITS.nameLength + 1 }).map((n) => `{"${"k".repeat(n - 2)}\\"k":1}`),
  // A duplicate key: the first value (past a limit) is gone once parsed, and must still count.
  fc.integer({ min: JACKSON_LIMITS.depth - 1, max: JACKSON_LIMITS.depth + 1 }).map((d) => `{"a":${"[".repeat(d) + "]".repeat(d)},"a":1}`),
  fc.constant(`{"a":${"9".repeat(JACKSON_LIMITS.numberLength + 1)},"a":2}`),
);
const valueText = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc.array(fc.integer({ min: 0, max: 100_000 }), { maxLength: 3000 }).map((xs) => JSON.stringify({ src: "n1", dest: "c1", body: { type: "read_ok", messages: xs } })),
  fc.string({ unit: "binary" }).map((s) => JSON.stringify({ s }).replace("\\n", "\n")),
  limitText,
);

describe("readFirstJsonValue's fast path (JSON.parse over the whole line) gives what the careful reader gives", () => {
  it("on JSON values with whitespace, trailing junk, raw control characters, and values at Jackson's limits", () => {
    fc.assert(
      fc.property(ws, valueText, ws, junk, (before, value, after, tail) => {
        const line = before + value + after + tail;
        expect(readFirstJsonValue(line)).toEqual(readFirstJsonValueCarefully(line));
      }),
      { numRuns: 400 },
    );
  });

  it("finds a too-long number wherever it sits on the line", () => {
    fc.assert(
      fc.property(fc.nat(700), fc.integer({ min: JACKSON_LIMITS.numberLength - 2, max: JACKSON_LIMITS.numberLength + 2 }).chain(big), fc.nat(20), (before, number, after) => {
        const line = `[${"7,".repeat(before)}${number}${",12345".repeat(after)}]`;
        expect(readFirstJsonValue(line)).toEqual(readFirstJsonValueCarefully(line));
      }),
      { numRuns: 300 },
    );
  });

  it("finds a too-long number split in three short runs (334, 334, 333 digits) at every alignment", () => {
    const number = `${"5".repeat(334)}.${"6".repeat(334)}e${"7".repeat(333)}`;
    for (let before = 0; before < 700; before++) {
      const line = `[${"7,".repeat(before >> 1)}${before & 1 ? " " : ""}${number}]`;
      expect(readFirstJsonValue(line).ok, `at ${before}`).toBe(false);
    }
  });

  it("on each limit case (both sides of each limit)", () => {
    fc.assert(
      fc.property(limitText, (line) => {
        expect(readFirstJsonValue(line)).toEqual(readFirstJsonValueCarefully(line));
      }),
      { numRuns: 100 },
    );
    const past = readFirstJsonValue(`{"a":${"[".repeat(JACKSON_LIMITS.depth + 1) + "]".repeat(JACKSON_LIMITS.depth + 1)},"a":1}`);
    expect(past.ok).toBe(false);
  });
});
