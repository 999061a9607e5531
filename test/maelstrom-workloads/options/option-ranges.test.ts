import { describe, expect, it } from "vitest";
import { MAX_TIMER_MS as CLOCK_MAX } from "../../../lib/runtime/clock.js";
import { MAX_TIMER_MS as REAL_CLOCK_MAX } from "../../../lib/runtime/real-clock.js";
import { MAX_DURATION_MS } from "../../../lib/broadcast/broadcast-settings.js";
import { MAX_TIMER_MS, parseTestArgs, TEST_USAGE } from "../../../maelstrom-workloads/options/index.js";

/**
 * Issue 7, item 18: out-of-range numbers are refused up front, naming the option, the value and the range.
 * The timer limits are a sane maximum (about 24.8 days), not Node's timer overflow: RealClock waits longer delays out in steps.
 */

const withBin = (...rest: string[]) => ["--bin", "./node", ...rest];

function error(argv: string[]): string {
  const r = parseTestArgs(argv);
  if (r.ok) throw new Error(`expected an error for ${JSON.stringify(argv)}`);
  expect(r.error).not.toContain("\n");
  return r.error;
}

function accepted(argv: string[]) {
  const r = parseTestArgs(argv);
  if (!r.ok || r.help) throw new Error(`expected options for ${JSON.stringify(argv)}, got ${JSON.stringify(r)}`);
  return r.options;
}

describe("option ranges", () => {
  it("MAX_TIMER_MS is one constant (2^31-1 ms) shared by the clock, the harness and the broadcast flags", () => {
    expect(MAX_TIMER_MS).toBe(2 ** 31 - 1);
    expect(CLOCK_MAX).toBe(MAX_TIMER_MS);
    expect(REAL_CLOCK_MAX).toBe(MAX_TIMER_MS);
    expect(MAX_DURATION_MS).toBe(MAX_TIMER_MS);
  });

  it("--time-limit: at most 2147483 s, a sane maximum (the message does not claim Node would end it at once)", () => {
    expect(accepted(withBin("--time-limit", "2147483")).timeLimit).toBe(2147483);
    const e = error(withBin("--time-limit", "2500000"));
    expect(e).toMatch(/^--time-limit: /);
    expect(e).toContain('"2500000"');
    expect(e).toContain("2147483");
    expect(e).toMatch(/24\.8 days/);
    expect(e).toContain("a sane maximum");
    expect(e).not.toMatch(/Node's timers last at most|after 1 ms/);
  });

  it("--nemesis-interval: at most 1073741 s (gaps are drawn up to twice the interval, within the sane maximum)", () => {
    expect(accepted(withBin("--nemesis-interval", "1073741")).nemesisInterval).toBe(1073741);
    const e = error(withBin("--nemesis-interval", "10000000"));
    expect(e).toMatch(/^--nemesis-interval: /);
    expect(e).toContain('"10000000"');
    expect(e).toContain("1073741");
    expect(e).toContain("gaps are drawn up to twice the interval, and a sane maximum");
  });

  it("--rate: 0, or from 0.000001 (the longest gap stays within the sane maximum) to 1000000", () => {
    expect(accepted(withBin("--rate", "0")).rate).toBe(0);
    expect(accepted(withBin("--rate", "0.000001")).rate).toBe(0.000001);
    expect(accepted(withBin("--rate", "1000000")).rate).toBe(1000000);
    for (const bad of ["0.0000001", "1e-9", "2000000"]) {
      const e = error(withBin("--rate", bad));
      expect(e).toMatch(/^--rate: /);
      expect(e).toContain(JSON.stringify(bad));
      expect(e).toMatch(/0\.000001/);
      expect(e).toMatch(/1000000/);
    }
  });

  it("--concurrency: at most 10000 client threads, given directly or as Nn", () => {
    expect(accepted(withBin("--concurrency", "10000")).concurrency).toBe(10000);
    const direct = error(withBin("--concurrency", "5000000000"));
    expect(direct).toMatch(/^--concurrency: /);
    expect(direct).toContain('"5000000000"');
    expect(direct).toContain("10000");
    const perNode = error(withBin("--concurrency", "3000n", "--node-count", "4"));
    expect(perNode).toMatch(/^--concurrency: 3000n with 4 nodes gives 12000 client threads/);
    expect(perNode).toContain("10000");
  });

  it("--latency: at most 3600000 ms (an exponential draw can be 37 times the mean and must stay within the sane maximum)", () => {
    expect(accepted(withBin("--latency", "3600000")).latency.mean).toBe(3600000);
    const e = error(withBin("--latency", "3600001"));
    expect(e).toMatch(/^--latency: /);
    expect(e).toContain('"3600001"');
    expect(e).toContain("3600000");
    expect(37 * 3600000).toBeLessThan(MAX_TIMER_MS);
  });

  it("--test-count: at most 10000; --node-count: at most 10000", () => {
    expect(accepted(withBin("--test-count", "10000")).testCount).toBe(10000);
    expect(error(withBin("--test-count", "10001"))).toMatch(/^--test-count: expected at most 10000 .*got "10001"/);
    expect(error(withBin("--node-count", "10001"))).toMatch(/^--node-count: .*10000.*"10001"/);
  });

  it("the help states each limit beside the option", () => {
    const flat = TEST_USAGE.replace(/\s+/g, " ");
    expect(flat).toMatch(/--time-limit SECONDS .*at most 2147483/);
    expect(flat).toMatch(/--nemesis-interval SECONDS .*at most 1073741/);
    expect(flat).toMatch(/--concurrency N\[n\] .*at most 10000/);
    expect(flat).toMatch(/--latency MILLIS .*at most 3600000/);
  });
});
