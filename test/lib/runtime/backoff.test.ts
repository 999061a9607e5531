import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffDelay, resolveBackoff } from "../../../lib/runtime/backoff.js";

describe("backoffDelay", () => {
  const b = resolveBackoff({ initialMs: 50, maxMs: 1000, multiplier: 2, jitter: 0.5 });
  it.each([
    // attempt, random, expected ms
    [0, 0, 50],
    [1, 0, 100],
    [4, 0, 800],
    [5, 0, 1000], // capped
    [9, 0, 1000],
    [0, 0.5, 37.5],
    [5, 0.999, 500.5],
  ])("attempt %i with random %f waits %f ms", (attempt, random, expected) => {
    expect(backoffDelay(attempt, b, random)).toBeCloseTo(expected, 6);
  });

  it("property: stays within [(1 - jitter) * base, base] and base never exceeds maxMs", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.record({ initialMs: fc.integer({ min: 0, max: 500 }), extra: fc.integer({ min: 0, max: 5000 }), multiplier: fc.double({ min: 1, max: 4, noNaN: true }), jitter: fc.double({ min: 0, max: 1, noNaN: true }) }),
        (attempt, random, p) => {
          const cfg = resolveBackoff({ initialMs: p.initialMs, maxMs: p.initialMs + p.extra, multiplier: p.multiplier, jitter: p.jitter });
          const d = backoffDelay(attempt, cfg, random);
          const base = Math.min(cfg.maxMs, cfg.initialMs * Math.pow(cfg.multiplier, attempt));
          expect(d).toBeLessThanOrEqual(cfg.maxMs + 1e-9);
          expect(d).toBeLessThanOrEqual(base + 1e-9);
          expect(d).toBeGreaterThanOrEqual((1 - cfg.jitter) * base - 1e-9);
        },
      ),
    );
  });

  it.each([
    [{ initialMs: -1 }, /initialMs/],
    [{ initialMs: 100, maxMs: 10 }, /maxMs/],
    [{ multiplier: 0.5 }, /multiplier/],
    [{ jitter: 2 }, /jitter/],
  ])("rejects %j", (cfg, msg) => {
    expect(() => resolveBackoff(cfg)).toThrow(msg);
  });
});
