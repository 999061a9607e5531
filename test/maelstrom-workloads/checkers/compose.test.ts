import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CheckResult, Valid } from "../../../maelstrom-workloads/checkers/check-result.js";
import { checkSafe, compose, mergeValid } from "../../../maelstrom-workloads/checkers/compose.js";

const ok = (valid: Valid, extra: Record<string, unknown> = {}) => (): CheckResult => ({ "valid?": valid, ...extra });

describe("mergeValid", () => {
  it.each<[unknown[], Valid]>([
    [[], true],
    [[true], true],
    [[true, true], true],
    [[true, "unknown"], "unknown"],
    [["unknown", true], "unknown"],
    [[true, false], false],
    [["unknown", false, true], false],
    [[false, "unknown"], false],
    [[true, undefined], "unknown"],
    [[true, "yes"], "unknown"],
    [[null, false], false],
  ])("%j -> %j", (valids, want) => {
    expect(mergeValid(valids)).toBe(want);
  });

  it("is the worst value regardless of order", () => {
    const rank = { true: 0, unknown: 1, false: 2 } as const;
    fc.assert(
      fc.property(fc.array(fc.constantFrom<Valid>(true, false, "unknown")), (vs) => {
        const worst = vs.reduce<Valid>((w, v) => (rank[String(v) as keyof typeof rank] > rank[String(w) as keyof typeof rank] ? v : w), true);
        expect(mergeValid(vs)).toBe(worst);
        expect(mergeValid([...vs].reverse())).toBe(worst);
      }),
    );
  });
});

describe("checkSafe", () => {
  it("passes results through", () => {
    expect(checkSafe(ok(false, { errors: [1] }))).toEqual({ "valid?": false, errors: [1] });
  });

  it("turns a throw into unknown with the message and stack", () => {
    const r = checkSafe(() => {
      throw new TypeError("boom at the checker");
    });
    expect(r["valid?"]).toBe("unknown");
    expect(r["error"]).toMatch(/^TypeError: boom at the checker/);
    expect(r["error"]).toMatch(/\n\s+at /);
  });

  it("handles non-Error throws", () => {
    const r = checkSafe(() => {
      throw "plain string";
    });
    expect(r).toEqual({ "valid?": "unknown", error: "plain string" });
  });
});

describe("compose", () => {
  it("keys each result by name and merges validity", () => {
    const r = compose({ stats: ok(true, { count: 3 }), net: ok(true), workload: ok("unknown") });
    expect(r).toEqual({
      stats: { "valid?": true, count: 3 },
      net: { "valid?": true },
      workload: { "valid?": "unknown" },
      "valid?": "unknown",
    });
  });

  it("false beats unknown", () => {
    expect(compose({ a: ok("unknown"), b: ok(false), c: ok(true) })["valid?"]).toBe(false);
  });

  it("all true is true, and no checkers at all is true", () => {
    expect(compose({ a: ok(true), b: ok(true) })["valid?"]).toBe(true);
    expect(compose({})).toEqual({ "valid?": true });
  });

  it("guards each checker: one throwing makes it unknown and the others still run", () => {
    let ran = false;
    const r = compose({
      broken: () => {
        throw new Error("kaput");
      },
      fine: () => {
        ran = true;
        return { "valid?": true };
      },
    });
    expect(ran).toBe(true);
    expect(r["fine"]).toEqual({ "valid?": true });
    expect((r["broken"] as CheckResult)["valid?"]).toBe("unknown");
    expect((r["broken"] as CheckResult)["error"]).toContain("kaput");
    expect(r["valid?"]).toBe("unknown");
  });

  it("a throw does not hide another checker's false", () => {
    const r = compose({
      broken: () => {
        throw new Error("x");
      },
      workload: ok(false),
    });
    expect(r["valid?"]).toBe(false);
  });

  it("refuses a checker named valid?", () => {
    expect(() => compose({ "valid?": ok(true) })).toThrow(/valid\?/);
  });
});
