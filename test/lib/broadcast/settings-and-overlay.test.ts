import { describe, expect, it } from "vitest";
import { PRESETS, parseBroadcastArgs } from "../../../lib/broadcast/broadcast-settings.js";
import { activePeers, onMainPeriod } from "../../../lib/broadcast/overlay.js";

describe("parseBroadcastArgs", () => {
  it("defaults to frugal, takes a named setting first, and lets options override it", () => {
    expect(parseBroadcastArgs([])).toEqual({ ok: true, settings: PRESETS.frugal });
    expect(parseBroadcastArgs(["fast"])).toEqual({ ok: true, settings: PRESETS.fast });
    const r = parseBroadcastArgs(["fast", "--period", "25", "--overlay=topology", "--no-eager"]);
    expect(r).toEqual({ ok: true, settings: { ...PRESETS.fast, periodMs: 25, overlay: "topology", eager: false, preset: "fast with overrides" } });
  });

  it.each([
    [["slow"], /unknown setting "slow"; expected one of frugal, fast/],
    [["--period"], /--period: expected a whole number of milliseconds from 1 to 2147483647, got "nothing"/],
    [["--period", "-5"], /--period: expected a whole number of milliseconds from 1 to 2147483647, got "-5"/],
    [["--overlay", "ring"], /--overlay: expected star, topology or total, got "ring"/],
    [["--wat"], /unknown option "--wat"/],
    [["--rto", "100", "--ack-delay", "200"], /--rto \(100\) must exceed --ack-delay \(200\)/],
    [["--max-rto", "10"], /--max-rto \(10\) must be at least --rto/],
  ])("rejects %j", (argv, message) => {
    const r = parseBroadcastArgs(argv);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});

describe("activePeers", () => {
  const nodeIds = ["n0", "n1", "n2", "n3", "n4"];
  const base = { nodeIds, neighbours: ["n3"], hubSuspect: false, overlay: "star" as const };
  it.each([
    ["the hub sends to every leaf", { ...base, self: "n0" }, ["n1", "n2", "n3", "n4"]],
    ["a leaf sends to the hub", { ...base, self: "n2" }, ["n0"]],
    ["a leaf that suspects the hub adds its topology and ring neighbours", { ...base, self: "n2", hubSuspect: true }, ["n0", "n3", "n1"]],
    ["ring neighbours wrap around the leaves", { ...base, self: "n4", hubSuspect: true, neighbours: [] }, ["n0", "n1", "n3"]],
    ["topology: exactly the given neighbours", { ...base, self: "n2", overlay: "topology" as const, neighbours: ["n1", "n3"] }, ["n1", "n3"]],
    ["total: everyone else", { ...base, self: "n2", overlay: "total" as const }, ["n0", "n1", "n3", "n4"]],
    ["a single node has no one", { ...base, self: "n0", nodeIds: ["n0"] }, []],
  ])("%s", (_what, input, expected) => {
    expect(activePeers(input)).toEqual(expected);
  });

  it("puts the hub, and every node without a star, on the main period", () => {
    expect(onMainPeriod({ self: "n0", nodeIds, overlay: "star" })).toBe(true);
    expect(onMainPeriod({ self: "n1", nodeIds, overlay: "star" })).toBe(false);
    expect(onMainPeriod({ self: "n1", nodeIds, overlay: "topology" })).toBe(true);
  });
});
