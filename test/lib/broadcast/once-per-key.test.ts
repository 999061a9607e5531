import { describe, expect, it } from "vitest";
import { OncePerKey } from "../../../lib/broadcast/once-per-key.js";

describe("OncePerKey", () => {
  it("says first once per key, overflow once past the limit, then nothing", () => {
    const o = new OncePerKey(2);
    expect(["a", "a", "b", "c", "d", "a", "c"].map((k) => o.note(k))).toEqual(["first", undefined, "first", "overflow", undefined, undefined, undefined]);
  });

  it("remembers long keys by their first 80 characters", () => {
    const o = new OncePerKey(10);
    expect(o.note(`${"x".repeat(80)}1`)).toBe("first");
    expect(o.note(`${"x".repeat(80)}2`)).toBeUndefined();
  });
});
