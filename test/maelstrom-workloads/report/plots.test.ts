import { describe, expect, it } from "vitest";
import { completionRates, latencyQuantiles, latencyQuantilesSvg, latencyRawSvg, rateSvg } from "../../../maelstrom-workloads/report/plots.js";
import { bucketWidthNs, linearTicks, quantile } from "../../../maelstrom-workloads/report/plots/scales.js";
import type { FaultSpan } from "../../../maelstrom-workloads/report/report-types.js";
import { timelineHtml } from "../../../maelstrom-workloads/report/timeline-html.js";
import { historyBuilder } from "./history-for-plots.js";

const count = (s: string, re: RegExp) => (s.match(new RegExp(re.source, "g")) ?? []).length;
/** The centre y of each `.point` (its path starts with a move to the centre), by op index. */
const pointYs = (svg: string) =>
  new Map([...svg.matchAll(/class="point[^"]*" data-index="(\d+)" d="M(-?[\d.]+) (-?[\d.]+)m/g)].map((m) => [Number(m[1]), Number(m[3])]));
const xTick = (svg: string, label: string) => Number(new RegExp(`class="x-tick" x="([\\d.]+)"[^>]*>${label}<`).exec(svg)![1]);

describe("bucket and quantile maths", () => {
  it("buckets are a nice width giving about 100 over the run", () => {
    expect(bucketWidthNs(20e9)).toBe(200e6);
    expect(bucketWidthNs(10e9)).toBe(100e6);
    expect(bucketWidthNs(60e9)).toBe(1e9); // 600 ms rounds up to the next nice width
    expect(bucketWidthNs(1e6)).toBe(1e6); // never under 1 ms
    expect(linearTicks(0, 20, 10)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
  });

  it("quantiles are Jepsen's: the element at floor(n q)", () => {
    const v = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([0.5, 0.95, 0.99, 1].map((q) => quantile(v, q))).toEqual([51, 96, 100, 100]);
    expect(quantile([7], 0.5)).toBe(7);
  });

  it("latencyQuantiles groups by invocation time bucket and skips empty buckets", () => {
    const ops = [
      ...Array.from({ length: 100 }, (_, i) => ({ invokeNs: 1e6 * i, latencyMs: 100 - i })), // bucket 0 (width 1 s): latencies 1..100
      { invokeNs: 3.5e9, latencyMs: 42 }, // bucket 3
    ];
    const b = latencyQuantiles(ops, 1e9);
    expect(b.map((x) => [x.midNs, x.count, [...x.q.values()]])).toEqual([
      [0.5e9, 100, [51, 96, 100, 100]],
      [3.5e9, 1, [42, 42, 42, 42]],
    ]);
  });

  it("completionRates counts completions per second of one f and type per bucket, nemesis left out", () => {
    const h = historyBuilder();
    h.op(0, "read", 100, 10); // completes at 0.11 s
    h.op(1, "read", 200, 50); // 0.25 s
    h.op(0, "read", 1200, 10, "fail"); // 1.21 s
    h.op(0, "read", 1500, 10); // 1.51 s
    h.nemesis(1600, "read", null);
    expect(completionRates(h.ops, "read", "ok", 500e6, 2e9)).toEqual([4, 0, 0, 2]);
    expect(completionRates(h.ops, "read", "fail", 500e6, 2e9)).toEqual([0, 0, 2, 0]);
  });
});

describe("latencyRawSvg", () => {
  const h = historyBuilder();
  const fast = h.op(0, "read", 1000, 10);
  const slow = h.op(1, "read", 2000, 1000);
  const zero = h.op(2, "broadcast", 3000, 0);
  const failed = h.op(0, "broadcast", 4000, 100, "fail");
  h.op(3, "read", 5000, 5000, "info");
  const faults: FaultSpan[] = [
    { kind: "partition", fromNs: 2e9, toNs: 6e9, nodes: ["n0", "n1"], label: "partition n0 | n1" },
    { kind: "kill", fromNs: 8e9, toNs: Infinity, nodes: ["n3"], label: "kill n3" },
  ];
  const svg = latencyRawSvg(h.ops, faults, { title: "broadcast" });

  it("one point per completed op; a slower op is higher up (smaller y); latency 0 on its own row at the bottom", () => {
    expect(count(svg, /class="point/)).toBe(5);
    const y = pointYs(svg);
    expect(y.get(slow)!).toBeLessThan(y.get(failed)!);
    expect(y.get(failed)!).toBeLessThan(y.get(fast)!);
    expect(y.get(fast)!).toBeLessThan(y.get(zero)!);
    expect(svg).toContain(">0</text>");
    expect(svg).toContain("latency 0");
  });

  it("points sit at their invocation time on the time axis", () => {
    const x1 = xTick(svg, "1");
    const x2 = xTick(svg, "2");
    const cx = (i: number) => Number(new RegExp(`data-index="${i}" d="M([\\d.]+) `).exec(svg)![1]);
    expect(cx(fast)).toBeCloseTo(x1, 0);
    expect(cx(slow)).toBeCloseTo(x2, 0);
  });

  it("colours by outcome and a legend entry per f and outcome; the title names the workload", () => {
    expect(count(svg, /fill="#FF1E90"/)).toBeGreaterThanOrEqual(2); // the fail point and its legend swatch
    expect(count(svg, /class="legend-item"/)).toBe(4); // broadcast ok, broadcast fail, read ok, read info
    expect(svg).toContain(">broadcast latency (raw)</text>");
  });

  it("shades each fault as a band from its start to its end (the axis end for one never healed), with its label", () => {
    expect(count(svg, /class="fault"/)).toBe(2);
    const bands = [...svg.matchAll(/<g class="fault" data-kind="(\w+)"><title>[^<]*<\/title><rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)];
    expect(bands.map((b) => b[1])).toEqual(["partition", "kill"]);
    const [, , px, pw] = bands[0]!;
    expect(Number(px)).toBeCloseTo(xTick(svg, "2"), 0);
    expect(Number(px) + Number(pw)).toBeCloseTo(xTick(svg, "6"), 0);
    const [, , kx, kw] = bands[1]!;
    expect(Number(kx)).toBeCloseTo(xTick(svg, "8"), 0);
    expect(Number(kx) + Number(kw)).toBeCloseTo(xTick(svg, "10"), 0); // the last op completes at 10 s
    expect(svg).toContain(">kill n3</text>");
  });

  it("escapes hostile text in titles, labels, f names and values", () => {
    const hh = historyBuilder();
    hh.op(0, `f<"&'>`, 10, 5, "ok", "</script>]]><b>", "\u0000x");
    const evil = `<script>alert("&")</script>`;
    const out = latencyRawSvg(hh.ops, [{ kind: "kill", fromNs: 0, toNs: 1e6, nodes: ["n<1>"], label: `kill ${evil}` }], { title: evil });
    for (const s of [latencyQuantilesSvg, rateSvg].map((fn) => fn(hh.ops, [], { title: evil })).concat(out)) {
      expect(s).not.toContain("<script");
      expect(s).not.toContain("</script>");
      expect(s).not.toContain("]]>");
      expect(s).not.toContain("\u0000");
      expect(s).toContain("&lt;script&gt;alert(&quot;&amp;&quot;)&lt;/script&gt;");
    }
    expect(out).toContain("f&lt;&quot;&amp;&#39;&gt;");
    // Every < opens a tag or a comment: nothing hostile opened one.
    expect([...out.matchAll(/<([^/a-z?!])/g)]).toEqual([]);
  });
});

describe("latencyRawSvg with many ops", () => {
  // 5,000 ops: latencies from a fixed sequence, and one op far slower than the rest.
  const h = historyBuilder();
  let slowest = -1;
  for (let i = 0; i < 5000; i++) {
    const lat = i === 3211 ? 9000 : 1 + ((i * 7919) % 500);
    // A process per op: each has one op at a time, however the ops overlap.
    const idx = h.op(i, i % 3 ? "read" : "broadcast", i * 4, lat);
    if (i === 3211) slowest = idx;
  }
  h.ops.sort((a, b) => a.time - b.time || a.index - b.index);
  const svg = latencyRawSvg(h.ops, [], { pointLimit: 1000, maxDots: 800 });

  it("draws dots in a few paths, at most maxDots, and says how it thinned them", () => {
    const paths = [...svg.matchAll(/class="points" data-f="(\w+)" data-type="(\w+)" data-ops="(\d+)" data-dots="(\d+)"/g)];
    expect(paths.length).toBe(2);
    expect(paths.reduce((a, m) => a + Number(m[3]), 0)).toBe(5000);
    const dots = paths.reduce((a, m) => a + Number(m[4]), 0);
    expect(dots).toBeLessThanOrEqual(800);
    expect(svg).toContain(`5000 ops drawn as ${dots} dots`);
    expect(count(svg, /class="point"/)).toBe(0);
  });

  it("keeps the slowest op: drawn on its own with its details, and as a dot at the top", () => {
    const y = pointYs(svg);
    expect([...y.keys()]).toContain(slowest);
    const dotsD = [...svg.matchAll(/class="points"[^>]* d="([^"]+)"/g)].map((m) => m[1]!).join("");
    const ys = [...dotsD.matchAll(/M[\d.]+ ([\d.]+)/g)].map((m) => Number(m[1]));
    expect(ys.length).toBeGreaterThan(100);
    expect(Math.min(...ys)).toBeCloseTo(y.get(slowest)!, 0);
    expect(svg).toMatch(/<title>slowest read ok: 9000 ms/);
  });

  it("of ops that share a cell, the slowest is the dot drawn", () => {
    const few = historyBuilder();
    few.op(0, "read", 1000, 100);
    few.op(1, "read", 1000, 102);
    few.op(2, "read", 1000, 101);
    few.ops.sort((a, b) => a.time - b.time || a.index - b.index);
    const out = latencyRawSvg(few.ops, [], { pointLimit: 0, maxDots: 1 });
    expect(out).toContain('data-ops="3" data-dots="1"');
    const d = /class="points"[^>]* d="M([\d.]+) ([\d.]+)"/.exec(out)!;
    expect(Number(d[2])).toBeCloseTo(pointYs(out).get(2)!, 1); // op 2 (the second invoked) took 102 ms
  });

  it("thinning is deterministic", () => {
    expect(latencyRawSvg(h.ops, [], { pointLimit: 1000, maxDots: 800 })).toBe(svg);
  });
});

describe("latencyQuantilesSvg and rateSvg", () => {
  const h = historyBuilder();
  for (let i = 0; i < 2000; i++) h.op(i, i % 2 ? "read" : "write", i * 5, 1 + (i % 10) * 10);
  h.ops.sort((a, b) => a.time - b.time || a.index - b.index);
  const faults: FaultSpan[] = [{ kind: "pause", fromNs: 2e9, toNs: 3e9, nodes: ["n1"], label: "pause n1" }];

  it("quantiles: one line per f and quantile, drawn in Jepsen's colours, a slower quantile higher up", () => {
    const svg = latencyQuantilesSvg(h.ops, faults, { title: "lin-kv", endNs: 10e9 });
    expect(count(svg, /class="quantile"/)).toBe(8);
    expect(svg).toContain('data-f="read" data-q="1"');
    expect(svg).toMatch(/data-q="1">.*stroke="red"/);
    expect(svg).toMatch(/data-q="0.5">.*stroke="blue"/);
    const firstY = (q: string) => Number(new RegExp(`data-f="read" data-q="${q}">.*?points="[\\d.]+,([\\d.]+)`).exec(svg)![1]);
    expect(firstY("1")).toBeLessThan(firstY("0.5"));
    expect(count(svg, /class="fault"/)).toBe(1);
    expect(svg).toContain(">lin-kv latency quantiles</text>");
    expect(svg).toContain("each 100 ms bucket"); // 10 s run
  });

  it("rate: one line per f and outcome with ops, y from 0, and the fault band", () => {
    const svg = rateSvg(h.ops, faults, { endNs: 10e9 });
    expect(count(svg, /class="rate"/)).toBe(2);
    expect(count(svg, /class="fault"/)).toBe(1);
    const pts = /data-f="read" data-type="ok">.*?points="([^"]+)"/.exec(svg)![1]!.split(" ");
    expect(pts.length).toBe(100); // 10 s in 100 ms buckets
    expect(svg).toContain(">Throughput (ops/s)</text>");
  });
});

describe("empty runs", () => {
  it("a history with no client op draws empty plots that say so, and an empty timeline", () => {
    const h = historyBuilder();
    h.nemesis(0, "kill", "minority");
    h.nemesis(0, "kill", { n1: "killed" });
    for (const ops of [[], h.ops]) {
      for (const fn of [latencyRawSvg, latencyQuantilesSvg, rateSvg]) {
        const svg = fn(ops, [], {});
        expect(svg).toContain("No client op completed.");
        expect(svg).not.toMatch(/NaN|Infinity/);
      }
      expect(timelineHtml(ops, { faults: [] })).not.toMatch(/NaN|Infinity/);
    }
  });
});

