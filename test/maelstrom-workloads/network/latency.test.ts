import { describe, expect, it } from "vitest";
import { isLatencyDist, latencyDists, latencySampler, latencySpecProblem } from "../../../maelstrom-workloads/network/latency.js";
import { seededRng } from "../../../maelstrom-workloads/model/random.js";

const draws = (f: () => number, n: number) => Array.from({ length: n }, f);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const min = (xs: number[]) => xs.reduce((a, b) => Math.min(a, b), Infinity);
const max = (xs: number[]) => xs.reduce((a, b) => Math.max(a, b), -Infinity);

describe("latency distributions", () => {
  it("are Maelstrom's three", () => {
    expect(latencyDists).toEqual(["constant", "uniform", "exponential"]);
    expect(isLatencyDist("uniform")).toBe(true);
    expect(isLatencyDist("normal")).toBe(false);
  });
});

describe("constant", () => {
  it("always gives L, including 0", () => {
    for (const L of [0, 1, 7, 250]) {
      const sample = latencySampler({ mean: L, dist: "constant" }, seededRng(1));
      expect(new Set(draws(sample, 100))).toEqual(new Set([L]));
    }
  });

  it("does not consume randomness", () => {
    const rng = seededRng(5);
    const sample = latencySampler({ mean: 10, dist: "constant" }, rng);
    draws(sample, 10);
    expect(rng.next()).toBe(seededRng(5).next());
  });
});

describe("uniform", () => {
  it("gives whole ms in [0, 2L), hitting both ends, with mean L − 0.5", () => {
    const L = 10;
    const xs = draws(latencySampler({ mean: L, dist: "uniform" }, seededRng(42)), 100_000);
    expect(xs.every((x) => Number.isInteger(x) && x >= 0 && x < 2 * L)).toBe(true);
    expect(min(xs)).toBe(0);
    expect(max(xs)).toBe(2 * L - 1);
    // The standard error of the mean is about 5.8/sqrt(1e5) ≈ 0.02.
    expect(Math.abs(mean(xs) - (L - 0.5))).toBeLessThan(0.1);
  });

  it("with L = 1 gives only 0 and 1", () => {
    const xs = draws(latencySampler({ mean: 1, dist: "uniform" }, seededRng(3)), 1000);
    expect(new Set(xs)).toEqual(new Set([0, 1]));
  });

  it("is reproducible from the seed", () => {
    const a = draws(latencySampler({ mean: 50, dist: "uniform" }, seededRng(9)), 50);
    const b = draws(latencySampler({ mean: 50, dist: "uniform" }, seededRng(9)), 50);
    expect(a).toEqual(b);
  });
});

describe("exponential", () => {
  it("gives non-negative whole ms with mean about L (exactly 1/(e^(1/L) − 1) after truncation)", () => {
    for (const L of [5, 100]) {
      const xs = draws(latencySampler({ mean: L, dist: "exponential" }, seededRng(L)), 200_000);
      expect(xs.every((x) => Number.isInteger(x) && x >= 0 && !Object.is(x, -0))).toBe(true);
      const truncatedMean = 1 / (Math.exp(1 / L) - 1); // ≈ L − 0.5
      expect(Math.abs(mean(xs) - truncatedMean)).toBeLessThan(0.02 * L);
      expect(Math.abs(mean(xs) - L)).toBeLessThan(0.05 * L + 0.5);
      // About e^-1 ≈ 37% of draws exceed the mean, and the tail is long.
      const above = xs.filter((x) => x >= L).length / xs.length;
      expect(above).toBeGreaterThan(0.34);
      expect(above).toBeLessThan(0.4);
      expect(max(xs)).toBeGreaterThan(5 * L);
    }
  });

  it("maps u = 0 to 0, not −0", () => {
    const zero = { next: () => 0, int: () => 0, pick: <T>(xs: readonly T[]) => xs[0]!, shuffle: <T>(xs: readonly T[]) => [...xs] };
    const x = latencySampler({ mean: 10, dist: "exponential" }, zero)();
    expect(Object.is(x, 0)).toBe(true);
  });
});

describe("invalid specs", () => {
  it("rejects uniform and exponential with mean 0, as Maelstrom fails at start-up", () => {
    for (const dist of ["uniform", "exponential"] as const) {
      expect(latencySpecProblem({ mean: 0, dist })).toMatch(/Maelstrom fails at start-up/);
      expect(() => latencySampler({ mean: 0, dist }, seededRng(1))).toThrow(/needs --latency above 0/);
    }
    expect(latencySpecProblem({ mean: 0, dist: "constant" })).toBeUndefined();
  });

  it("rejects negative or non-finite means", () => {
    for (const m of [-1, NaN, Infinity]) {
      expect(latencySpecProblem({ mean: m, dist: "constant" })).toBeDefined();
      expect(() => latencySampler({ mean: m, dist: "constant" }, seededRng(1))).toThrow();
    }
  });
});
