import { describe, expect, it } from "vitest";
import { BROADCAST_USAGE, MAX_DURATION_MS, PRESETS, parseBroadcastArgs } from "../../../lib/broadcast/broadcast-settings.js";
import { MAX_TIMER_MS } from "../../../lib/runtime/clock.js";

// Issue 7 item 6: a duration beyond the sane maximum, 2^31-1 ms (about 24.8 days,
// the clock's MAX_TIMER_MS), is refused at start-up. RealClock would wait a longer
// one out in steps; the limit is a sanity bound, not Node's timer overflow.
describe("duration flags of nodes/broadcast.ts", () => {
  const flags = ["--period", "--leaf-period", "--ack-delay", "--rto", "--max-rto", "--idle"];

  it.each(flags)("%s refuses 3000000000, naming the flag, the value and the allowed range", (flag) => {
    const r = parseBroadcastArgs([flag, "3000000000"]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(new RegExp(`^${flag}: expected a whole number of milliseconds from [01] to 2147483647, got "3000000000"$`));
  });

  it("the limit is the clock's MAX_TIMER_MS, and the help says how long it is", () => {
    expect(MAX_DURATION_MS).toBe(MAX_TIMER_MS);
    expect(BROADCAST_USAGE.replace(/\s+/g, " ")).toContain("from 1 to 2147483647, about 24.8 days (--ack-delay may be 0)");
  });

  it.each(flags)("%s accepts 2147483647, the sane maximum", (flag) => {
    const r = parseBroadcastArgs(["--max-rto", "2147483647", flag, "2147483647", ...(flag === "--ack-delay" || flag === "--rto" ? ["--rto", "2147483647", "--ack-delay", "1"] : [])]);
    expect(r.ok, JSON.stringify(r)).toBe(true);
  });

  it.each([["abc"], ["NaN"], ["Infinity"], ["1.5"], ["1e3"], ["0x10"], [""], [" 5"], ["-1"], ["0"]])("--period refuses %j", (v) => {
    const r = parseBroadcastArgs(["--period", v]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toBe(`--period: expected a whole number of milliseconds from 1 to 2147483647, got ${JSON.stringify(v)}`);
  });

  it("allows --ack-delay 0 (acknowledge at the next tick), and nothing below", () => {
    expect(parseBroadcastArgs(["--ack-delay", "0"])).toEqual({ ok: true, settings: { ...PRESETS.frugal, ackDelayMs: 0, preset: "frugal with overrides" } });
    const r = parseBroadcastArgs(["--ack-delay", "-1"]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toBe('--ack-delay: expected a whole number of milliseconds from 0 to 2147483647, got "-1"');
  });
});
