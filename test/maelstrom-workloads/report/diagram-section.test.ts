import { describe, expect, it } from "vitest";
import { diagramSection } from "../../../maelstrom-workloads/report/diagram-section.js";
import type { FaultSpan, JournalMessage } from "../../../maelstrom-workloads/report/report-types.js";
import { journalMessage } from "./journal-message.js";
import { runDiagramPage } from "./fake-dom.js";
import { wellFormed } from "./well-formed.js";

const ms = 1e6;
const HOSTILE = "</script><script>alert(1)</script><!-- ]]> \u2028 &amp;";
let nextId = 0;
const msg = (src: string, dest: string, sendMs: number, recvMs: number | null, body: Record<string, unknown>, why?: string): JournalMessage => journalMessage(nextId++, src, dest, sendMs, recvMs, body, why);
const partition: FaultSpan = { kind: "partition", fromNs: 2 * ms, toNs: Infinity, nodes: ["n3"], label: "n3 | n1 n2" };
const run: JournalMessage[] = [
  msg("c1", "n1", 1, 1, { type: "broadcast", message: 7, msg_id: 1 }),
  msg("n1", "c1", 1, 1, { type: "broadcast_ok", in_reply_to: 1 }),
  msg("n1", "n2", 3, 4, { type: "gossip", messages: [7], msg_id: 2 }),
  msg("n1", "n3", 3, null, { type: "gossip", messages: [7], msg_id: 3 }, "partition"),
  msg("c2", "n2", 5, 6, { type: "echo", echo: HOSTILE, msg_id: 1 }),
  msg("n2", "c2", 6, 7, { type: "echo_ok", echo: HOSTILE, in_reply_to: 1 }),
];
const section = diagramSection(run, { lanes: ["c1", "c2", "n1", "n2", "n3"], faults: [partition], lost: [7, "x</script>"] });

describe("diagramSection", () => {
  it("is one #diagram div, the window's SVG, one JSON data script and one code script, with hostile bodies kept inside their script", () => {
    expect(section.match(/<script/gi)).toHaveLength(2);
    expect(section.match(/<\/script/gi)).toHaveLength(2);
    expect(section).not.toContain("<!--");
    const data = /<script type="application\/json" id="diagram-data">([^<]*)<\/script>/.exec(section);
    expect(data).not.toBeNull();
    const parsed = JSON.parse(data![1]!);
    expect(parsed.body[4]).toEqual({ echo: HOSTILE, msg_id: 1 }); // its type is in the types column
    expect(parsed.types[parsed.type[4]]).toBe("echo");
    expect(parsed.lost).toEqual([7, "x</script>"]);
    expect(parsed.faults[0].toNs).toBeNull(); // Infinity has no JSON
    const html = section.replace(/<script type="application\/json"[\s\S]*$/, "");
    expect(wellFormed(html.replace(/<(input|br)\b[^>]*>/g, "").replace(/<style>[\s\S]*?<\/style>/g, ""))).toBe(true);
    for (const id of ["diagram", "diagram-view", "diagram-slider", "diagram-lanes", "diagram-types", "trace-input", "trace-result", "trace-lost"]) expect(section).toContain(`id="${id}"`);
    // the first window, drawn before any script (the inlined code has the same markup in its templates)
    expect(html.match(/<g class="msg[ "]/g)).toHaveLength(6);
    expect(html.match(/<g class="lane"/g)).toHaveLength(5);
  });

  it("runs in a page: traces #trace=7 on load, writes what it found, and highlights the carriers", () => {
    const els = runDiagramPage(section, "#trace=7");
    const result = els.get("trace-result")!;
    expect(result.getAttribute("data-count")).toBe("3");
    expect(result.getAttribute("data-never")).toBe("n3");
    const text = result.textContent;
    expect(text).toContain("3 messages carried 7");
    expect(text).toContain("Never delivered to n3.");
    expect(text).toContain("partition n3 | n1 n2");
    const svg = els.get("diagram-view")!.innerHTML;
    expect(svg.match(/<g class="msg[^"]*\bhl\b/g)).toHaveLength(3);
    expect(svg).toContain('class="lamport tracing"');
    // bodies come back whole, type first, as the server drew them
    expect(svg).toContain(`${run[4]!.id} c2 → n2 {&quot;type&quot;:&quot;echo&quot;,&quot;echo&quot;:&quot;&lt;/script&gt;`);
    // and without a trace the browser draws exactly what the server drew (same code, same data after the round trip)
    expect(runDiagramPage(section, "").get("diagram-view")!.innerHTML).toBe(/<div id="diagram-view">(<svg[\s\S]*?<\/svg>)<\/div>/.exec(section)![1]);
    expect(els.get("trace-input")!.value).toBe("7");
    // the lost values are buttons that trace them
    const lost = els.get("trace-lost")!.all().filter((e) => e.className === "lost-value");
    expect(lost.map((b) => b.getAttribute("data-value"))).toEqual(["7", '"x</script>"']);
    lost[1]!.fire("click");
    expect(result.getAttribute("data-count")).toBe("0");
  });

  it("filters by lane and by type, and moves the window", () => {
    const els = runDiagramPage(diagramSection(run, { lanes: [], faults: [], windowSize: 2 }), "");
    const view = els.get("diagram-view")!;
    const where = els.get("diagram-window")!;
    const ids = () => [...view.innerHTML.matchAll(/<g class="msg[^"]*" data-id="(\d+)"/g)].map((m) => Number(m[1]));
    expect(ids()).toEqual([run[0]!.id, run[1]!.id]);
    els.get("diagram-next")!.fire("click");
    expect(ids()).toEqual([run[2]!.id, run[3]!.id]);
    expect(where.getAttribute("data-start")).toBe("2");
    els.get("diagram-last")!.fire("click");
    expect(ids()).toEqual([run[4]!.id, run[5]!.id]);
    els.get("diagram-first")!.fire("click");
    const lane = els.get("diagram-lanes")!.all().find((e) => e.className === "lane-filter" && e.value === "c1")!;
    lane.checked = false;
    lane.fire("change");
    expect(ids()).toEqual([run[2]!.id, run[3]!.id]);
    expect(view.innerHTML).not.toContain('data-lane="c1"');
    const type = els.get("diagram-types")!.all().find((e) => e.className === "type-filter" && e.value === "gossip")!;
    type.checked = false;
    type.fire("change");
    expect(ids()).toEqual([run[4]!.id, run[5]!.id]);
    expect(where.textContent).toContain("of 2 shown by the filters (the run has 6)");
  });

  it("draws an empty run without failing", () => {
    const els = runDiagramPage(diagramSection([], { lanes: ["n1", "n2"], faults: [partition], lost: [] }), "#trace=1");
    expect(els.get("diagram-window")!.textContent).toBe("No message passes the filters (the run has 0).");
    expect(els.get("diagram-view")!.innerHTML.match(/<g class="lane"/g)).toHaveLength(2);
    expect(els.get("trace-result")!.textContent).toContain("No message carried 1.");
  });

  it("cuts long bodies for the page but still traces a lost value found in the whole bodies", () => {
    const long = Array.from({ length: 3000 }, (_, i) => i);
    const big = [
      msg("c1", "n1", 1, 2, { type: "read", msg_id: 1 }),
      msg("n1", "c1", 2, 3, { type: "read_ok", messages: long, in_reply_to: 1 }),
    ];
    const html = diagramSection(big, { lanes: [], faults: [], lost: [2999], pageBodyChars: 300 });
    const data = JSON.parse(/<script type="application\/json" id="diagram-data">([^<]*)<\/script>/.exec(html)![1]!);
    expect(data.clipped).toBe(1);
    expect(JSON.stringify(data.body[1]).length).toBeLessThanOrEqual(300);
    expect(data.lostCarriers).toEqual({ "2999": [1] });
    const lostTrace = runDiagramPage(html, "#trace=2999").get("trace-result")!;
    expect(lostTrace.getAttribute("data-count")).toBe("1");
    expect(lostTrace.textContent).toContain("this one is a lost value, looked for in the whole bodies");
    const typed = runDiagramPage(html, "#trace=2998").get("trace-result")!;
    expect(typed.getAttribute("data-count")).toBe("0");
    expect(typed.textContent).toContain("1 message body is cut to about 300 characters in this page");
  });

  it("with 100,000 messages draws only the first window of 1,000 arrows and carries the rest as data", () => {
    const lanes = ["c1", "c2", "c3", "n1", "n2", "n3", "n4", "n5"];
    const many: JournalMessage[] = [];
    for (let i = 0; i < 100_000; i++) {
      const t = i * 100_000;
      const gossip = i % 4 !== 0;
      const src = gossip ? lanes[3 + (i % 5)]! : lanes[i % 3]!;
      const dest = gossip ? lanes[3 + ((i + 1) % 5)]! : lanes[3 + (i % 5)]!;
      many.push({ id: i, src, dest, sendNs: t, recvNs: i % 50 === 0 ? null : t + 50_000, type: gossip ? "gossip" : "broadcast", body: gossip ? { type: "gossip", messages: [i, i - 1], msg_id: i } : { type: "broadcast", message: i, msg_id: i } });
    }
    const t0 = performance.now();
    const html = diagramSection(many, { lanes, faults: [partition], lost: [99_999] });
    const took = performance.now() - t0;
    const arrows = html.slice(0, html.indexOf("<script")).match(/<g class="msg[ "]/g)?.length;
    expect(arrows).toBe(1000);
    const payload = /<script type="application\/json" id="diagram-data">([^<]*)<\/script>/.exec(html)![1]!.length;
    // Seen on a 2-core machine: 7.5 MB in all, of which the data is 7.0 MB, in 0.17 s.
    console.log(`diagramSection, 100,000 messages: ${(html.length / 1e6).toFixed(1)} MB in all, data ${(payload / 1e6).toFixed(1)} MB, first window ${arrows} arrows, ${took.toFixed(0)} ms`);
    expect(JSON.parse(/<script type="application\/json" id="diagram-data">([^<]*)<\/script>/.exec(html)![1]!).id).toHaveLength(100_000);
  });
});
