import { describe, expect, it } from "vitest";
import { PRESETS, parseBroadcastArgs } from "../../../lib/broadcast/broadcast-settings.js";

// Issue 7 item 6: Node clamps a timer of 2^31 ms or more to 1 ms, so a
// duration the node cannot wait for must be refused at start-up, never run early.
describe("duration flags of nodes/broadcast.ts", () => {
  const flags = ["--period", "--leaf-period", "--ack-delay", "--rto", "--max-rto", "--idle"];

  it.each(flags)("%s refuses 3000000000, naming the flag, the value and the allowed range", (flag) => {
    const r = parseBroadcastArgs([flag, "3000000000"]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(new RegExp(`^${flag}: expected a whole number of milliseconds from [01] to 2147483647, got "3000000000"$`));
  });

  it.each(flags)("%s accepts 2147483647, the longest timer Node keeps", (flag) => {
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
