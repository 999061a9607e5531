import { describe, expect, it } from "vitest";
import type { Op } from "../../../maelstrom-workloads/model/op.js";
import { faultSpans } from "../../../maelstrom-workloads/report/fault-spans.js";
import { latencyQuantilesSvg, latencyRawSvg, rateSvg } from "../../../maelstrom-workloads/report/plots.js";
import { timelineHtml } from "../../../maelstrom-workloads/report/timeline-html.js";

/**
 * 100,000 client ops over about 120 s on 10 processes, latencies spread over four
 * decades by a fixed sequence, some fails and infos, and a partition, a kill
 * and a loss burst in force part of the time.
 */
function bigHistory(): Op[] {
  const ops: Op[] = [];
  const add = (time: number, type: Op["type"], process: Op["process"], f: string, value: unknown) =>
    ops.push({ index: ops.length, time, type, process, f, value });
  let x = 12345;
  const next = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  const nemesis: [number, string, unknown][] = [
    [10e9, "start-partition", "majority"],
    [10e9, "start-partition", ["isolated", { n0: ["n2"], n1: ["n2"], n2: ["n0", "n1"] }]],
    [30e9, "stop-partition", null],
    [30e9, "stop-partition", "network-healed"],
    [40e9, "kill", ["n1"]],
    [40e9, "kill", { n1: "killed" }],
    [60e9, "start", ["n1"]],
    [60e9, "start", { n1: "started" }],
    [70e9, "start-loss", 0.5],
    [70e9, "start-loss", { loss: 0.5 }],
    [80e9, "stop-loss", 0.5],
    [80e9, "stop-loss", { loss: 0 }],
  ];
  let k = 0;
  // Each process runs 10,000 ops one after another, 1 ms apart: about 120 s.
  const events: [number, Op["type"], number, string, unknown][] = [];
  for (let p = 0; p < 10; p++) {
    let t = p * 1e5;
    for (let i = 0; i < 10_000; i++) {
      const lat = Math.floor(10 ** (4 + 4 * next())); // 10 µs .. 100 ms
      const f = i % 4 ? "read" : "broadcast";
      const r = next();
      events.push([t, "invoke", p, f, i], [t + lat, r < 0.01 ? "fail" : r < 0.015 ? "info" : "ok", p, f, i]);
      t += lat + 1e6;
    }
  }
  events.sort((a, b) => a[0] - b[0]);
  for (const e of events) {
    while (k < nemesis.length && nemesis[k]![0] <= e[0]) add(nemesis[k]![0], "info", "nemesis", nemesis[k]![1], nemesis[k++]![2]);
    add(...e);
  }
  return ops;
}

describe("plots and timeline at 100,000 ops", () => {
  it("stay small: every file a few MB at most, the raw plot a few elements", () => {
    const history = bigHistory();
    expect(history.filter((o) => o.type === "invoke").length).toBe(100_000);
    const faults = faultSpans(history, ["n0", "n1", "n2"]);
    expect(faults.map((f) => f.kind)).toEqual(["partition", "kill", "loss"]);
    const raw = latencyRawSvg(history, faults, { title: "broadcast" });
    const quantiles = latencyQuantilesSvg(history, faults, { title: "broadcast" });
    const rate = rateSvg(history, faults, { title: "broadcast" });
    const timeline = timelineHtml(history, { title: "broadcast", faults });
    expect(raw.length).toBeLessThan(1_000_000);
    expect((raw.match(/<path/g) ?? []).length).toBeLessThan(100);
    expect(raw).toMatch(/100000 ops drawn as \d+ dots/);
    expect(quantiles.length).toBeLessThan(200_000);
    expect(rate.length).toBeLessThan(200_000);
    expect(timeline.length).toBeLessThan(8_000_000);
    expect((timeline.match(/class="op /g) ?? []).length).toBe(20_000);
    expect(timeline).toContain("only the first 10000 and the last 10000");
    for (const s of [raw, quantiles, rate]) expect((s.match(/class="fault"/g) ?? []).length).toBe(3);
  });
});
