import { describe, expect, it } from "vitest";
import { timelineHtml } from "../../../maelstrom-workloads/report/timeline-html.js";
import { historyBuilder } from "./history-for-plots.js";

const count = (s: string, re: RegExp) => (s.match(new RegExp(re.source, "g")) ?? []).length;
const style = (html: string, re: RegExp) => [...html.matchAll(re)].map((m) => ({ left: Number(m[1]), top: Number(m[2]), height: Number(m[3]) }));

describe("timelineHtml", () => {
  const h = historyBuilder();
  h.nemesis(0, "kill", "minority");
  h.nemesis(0, "kill", { n1: "killed" });
  h.add(10, "invoke", 0, "read", null);
  h.add(12, "invoke", 1, "broadcast", 5);
  h.add(20, "ok", 0, "read", [1, 2]);
  h.add(30, "info", 1, "broadcast", 5, { error: "net-timeout" });
  h.add(40, "invoke", 6, "broadcast", 7);
  h.add(50, "fail", 6, "broadcast", 7, { error: ["temporarily-unavailable", "no leader"] });
  h.add(60, "invoke", 0, "read", null);
  h.nemesis(70, "start", "all");
  h.nemesis(70, "start", { n1: "started" });
  const html = timelineHtml(h.ops, {
    title: "broadcast",
    faults: [{ kind: "kill", fromNs: 0, toNs: 70e6, nodes: ["n1"], label: "kill n1" }],
  });

  it("one column per process, clients by number then the nemesis", () => {
    const heads = [...html.matchAll(/<div class="head" style="left:(\d+)px">([^<]+)<\/div>/g)].map((m) => m[2]);
    expect(heads).toEqual(["process 0", "process 1", "process 6", "nemesis"]);
    expect(html).toContain(">faults</div>");
  });

  it("one box per op from its invocation row to its completion row, coloured by outcome", () => {
    expect(count(html, /class="op /)).toBe(6); // 4 client ops, 2 nemesis pairs
    expect(count(html, /class="op ok"/)).toBe(1);
    expect(count(html, /class="op info"/)).toBe(1);
    expect(count(html, /class="op fail"/)).toBe(1);
    expect(count(html, /class="op open"/)).toBe(1);
    expect(count(html, /class="op nemesis"/)).toBe(2);
    const [read] = style(html, /class="op ok" style="left:(\d+)px;top:(\d+)px;height:(\d+)px"/g);
    const [bc] = style(html, /class="op info" style="left:(\d+)px;top:(\d+)px;height:(\d+)px"/g);
    // read: rows 2..4 (3 rows), broadcast: rows 3..5, one column to the right, starting a row lower.
    expect(read!.height).toBe(3 * 16);
    expect(bc!.top - read!.top).toBe(16);
    expect(bc!.left).toBeGreaterThan(read!.left);
    const [kill] = style(html, /class="op nemesis" style="left:(\d+)px;top:(\d+)px;height:(\d+)px"/g);
    expect(kill!.height).toBe(2 * 16); // the kill's two records, paired
    expect(kill!.left).toBeGreaterThan(bc!.left);
  });

  it("f, value, result and error on hover and as short text", () => {
    expect(html).toMatch(/title="process 0 read ok at 0.01 s, 10 ms\nvalue: null\nresult: \[1,2\]">read null → \[1,2\]<\/div>/);
    expect(html).toContain("error: net-timeout");
    expect(html).toContain("outcome unknown");
    expect(html).toContain("error: [&quot;temporarily-unavailable&quot;,&quot;no leader&quot;]");
    expect(html).toContain("never completed");
  });

  it("shades each fault over the rows it held, labelled", () => {
    const f = [...html.matchAll(/class="fault kill" style="top:(\d+)px;height:(\d+)px/g)];
    expect(f.length).toBe(1);
    // from row 0 to the first row at 70 ms (row 9)
    expect(Number(f[0]![2])).toBe(9 * 16);
    expect(html).toContain(">kill n1</div>");
  });

  it("escapes hostile values and titles", () => {
    const hh = historyBuilder();
    hh.op(0, `x"><script>`, 1, 1, "ok", "</script><img src=x onerror=alert(1)>", "&amp;'");
    const out = timelineHtml(hh.ops, { title: "</title><script>alert(1)</script>", faults: [{ kind: "pause", fromNs: 0, toNs: 1, nodes: [], label: `<b>"` }] });
    expect(out).not.toMatch(/<script|<img|<b>/);
    expect(out).toContain("&lt;/title&gt;&lt;script&gt;");
    expect(out).toContain("&amp;amp;&#39;");
    expect(out).toContain("x&quot;&gt;&lt;script&gt;");
  });

  it("above maxOps, draws the first and last halves and says so", () => {
    const big = historyBuilder();
    for (let i = 0; i < 100; i++) big.op(i % 3, "read", i * 10, 5);
    const out = timelineHtml(big.ops, { faults: [], maxOps: 20 });
    expect(count(out, /class="op /)).toBe(20);
    expect(out).toContain("only the first 10 and the last 10");
    expect(out).toContain('<div class="elided" id="elided"');
    expect(out).toContain("80 ops invoked between");
    expect(timelineHtml(big.ops, { faults: [] })).not.toContain(`id="elided"`);
  });
});
