import { describe, expect, it } from "vitest";
import { prStr, str } from "../../../maelstrom-workloads/services/clojure-text.js";

describe("Clojure's printing of parsed JSON, for service error texts", () => {
  it.each([
    [null, "nil", ""],
    [true, "true", "true"],
    [3, "3", "3"],
    [-12, "-12", "-12"],
    [1.5, "1.5", "1.5"],
    [0.00001, "1.0E-5", "1.0E-5"],
    [1.5e20, "1.5E20", "1.5E20"],
    ["a", '"a"', "a"],
    ['say "hi"\n\\', '"say \\"hi\\"\\n\\\\"', 'say "hi"\n\\'],
    ["", '""', ""],
    [[1, "a", null], '[1 "a" nil]', '[1 "a" nil]'],
    [[], "[]", "[]"],
    [{ a: 1, b: [true] }, '{"a" 1, "b" [true]}', '{"a" 1, "b" [true]}'],
    [{}, "{}", "{}"],
  ])("%j: pr-str %s, str %s", (v, pr, s) => {
    expect(prStr(v)).toBe(pr);
    expect(str(v)).toBe(s);
  });
});
