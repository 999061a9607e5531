import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exactText, jsonText } from "../../../maelstrom-workloads/model/json-text.js";

describe("jsonText", () => {
  it("is JSON.stringify for any value JSON.stringify can write, with and without indentation", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 0, 2, 4), (v, indent) => {
        expect(jsonText(v, indent)).toBe(JSON.stringify(v, null, indent));
      }),
      { seed: 12, numRuns: 300 },
    );
  });

  it("its slow path (the walk that writes BigInts) gives JSON.stringify's bytes for everything else", () => {
    const values = fc.oneof(fc.jsonValue(), fc.anything({ withBoxedValues: true, withDate: true, withNullPrototype: true, withObjectString: true, withSparseArray: true, withMap: true, withSet: true }));
    fc.assert(
      fc.property(values, fc.constantFrom(undefined, 0, 2, 11), (v, indent) => {
        let expected: string | undefined;
        try {
          expected = JSON.stringify(v, null, indent);
        } catch {
          return; // a BigInt inside: JSON.stringify cannot say what it would be
        }
        expect(exactText(v, indent)).toBe(expected);
      }),
      { seed: 12, numRuns: 500 },
    );
    const odd = { a: undefined, f: () => 1, s: Symbol("x"), n: [undefined, () => 1, NaN, -Infinity, -0], d: new Date(0), t: { toJSON: (k: string) => `key ${k}` } };
    expect(exactText(odd)).toBe(JSON.stringify(odd));
    expect(exactText(odd, 2)).toBe(JSON.stringify(odd, null, 2));
    expect(exactText(undefined)).toBe(undefined);
  });

  it("writes a BigInt as its exact digits at any depth, with indentation as JSON.stringify lays out a number", () => {
    const v = { id: 1152921504606846977n, xs: [-9007199254740993n, 1, { k: 123456789012345678901234567890n }], s: "1152921504606846977" };
    expect(jsonText(v)).toBe('{"id":1152921504606846977,"xs":[-9007199254740993,1,{"k":123456789012345678901234567890}],"s":"1152921504606846977"}');
    expect(jsonText(v, 2)).toBe(JSON.stringify({ ...v, id: 1, xs: [2, 1, { k: 3 }] }, null, 2).replace(": 1,", ": 1152921504606846977,").replace("2,", "-9007199254740993,").replace(": 3", ": 123456789012345678901234567890"));
    expect(jsonText(5n)).toBe("5");
    expect(jsonText(Object(7n))).toBe("7");
  });

  it("still throws a TypeError on a cycle, BigInt or not, and leaves BigInt.prototype alone", () => {
    const a: Record<string, unknown> = { n: 1n };
    a.self = [a];
    expect(() => jsonText(a)).toThrow(TypeError);
    expect(() => jsonText(a)).toThrow(/circular/);
    expect(() => JSON.stringify({ n: 1n })).toThrow(TypeError);
    expect(Object.hasOwn(BigInt.prototype, "toJSON")).toBe(false);
    // The same object twice is not a cycle.
    const shared = { n: 2n };
    expect(jsonText([shared, shared])).toBe('[{"n":2},{"n":2}]');
  });
});
