import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadNodeProgram } from "../../../lib/runtime/node-program.js";
import type { Op } from "../../../maelstrom-workloads/model/op.js";
import { MAX_MARKS, membershipViewSvg, viewChanges } from "../../../maelstrom-workloads/report/membership-view.js";
import type { FaultSpan } from "../../../maelstrom-workloads/report/report-types.js";
import { ROOT } from "../../helpers/run-harness.js";
import { simRun } from "../../helpers/sim-run.js";
import { wellFormed } from "./well-formed.js";

const NODES = ["n0", "n1", "n2"];
const s = (x: number) => x * 1e9;
type Status = "alive" | "suspect" | "dead";

/** A history of members polls: each [seconds, observer, {subject: status}] an invoke 10 ms before and its ok. */
function polls(...answers: Array<[number, string, Record<string, Status>]>): Op[] {
  const ops: Op[] = [];
  answers.forEach(([at, node, said], i) => {
    const members = Object.fromEntries(NODES.map((n) => [n, { status: said[n] ?? "alive", incarnation: 0 }]));
    ops.push({ index: ops.length, time: s(at) - 1e7, type: "invoke", process: i, f: "members", value: { node } });
    ops.push({ index: ops.length, time: s(at), type: "ok", process: i, f: "members", value: { node, members } });
  });
  return ops;
}

const rowY = (svg: string, node: string) => Number(new RegExp(`class="row-name" data-node="${node}" x="[\\d.]+" y="([\\d.]+)"`).exec(svg)![1]);
const marks = (svg: string) =>
  [...svg.matchAll(/<g class="view-change" data-observer="([^"]*)" data-subject="([^"]*)" data-status="(\w+)" data-at="(\d+)"><title>[^<]*<\/title><(?:path d="M([\d.]+) ([\d.]+)|circle cx="([\d.]+)" cy="([\d.]+))/g)].map((m) => ({
    observer: m[1]!,
    subject: m[2]!,
    status: m[3]!,
    at: Number(m[4]),
    x: Number(m[5] ?? m[7]),
    y: Number(m[6] ?? m[8]),
  }));

describe("membershipViewSvg", () => {
  it("marks each change of what a node said, on the observer's row, in time order, labelled with the subject", () => {
    const h = polls([1, "n0", {}], [2, "n1", { n2: "suspect" }], [3, "n0", { n2: "dead" }], [4, "n1", { n2: "dead" }], [5, "n0", { n2: "dead" }], [8, "n0", {}], [9, "n1", { n2: "dead" }]);
    expect(viewChanges(h).changes.map((c) => `${c.observer}:${c.subject}:${c.before}->${c.status}`)).toEqual(["n1:n2:alive->suspect", "n0:n2:alive->dead", "n1:n2:suspect->dead", "n0:n2:dead->alive"]);
    const svg = membershipViewSvg(h, [], NODES)!;
    expect(wellFormed(svg)).toBe(true);
    expect(svg.match(/class="row-name"/g)).toHaveLength(3);
    const m = marks(svg);
    expect(m.map((x) => `${x.observer} ${x.subject} ${x.status}`)).toEqual(["n1 n2 suspect", "n0 n2 dead", "n1 n2 dead", "n0 n2 alive"]);
    for (const x of m) {
      const top = rowY(svg, x.observer);
      expect(Math.abs(x.y - top)).toBeLessThan(30); // on its own row, near its name
    }
    expect(rowY(svg, "n0")).toBeLessThan(rowY(svg, "n1"));
    const xs = m.map((x) => x.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b)); // time runs left to right
    expect(svg).toContain(">n2 dead</text>");
    expect(svg).toContain(">n2 alive</text>");
    expect(svg).toMatch(/<title>n0 said n2 dead \(incarnation 0; before: alive\) in members op 5, asked at 2\.99 s, answered at 3 s<\/title>/);
  });

  it("reads the final views too, and is undefined without members answers", () => {
    const h: Op[] = [
      { index: 0, time: s(1), type: "invoke", process: 0, f: "view", value: { node: "n0" }, final: true },
      { index: 1, time: s(2), type: "ok", process: 0, f: "view", value: { node: "n0", views: [{ node: "n1", members: { n0: { status: "dead", incarnation: 3 } }, owners: {} }] }, final: true },
    ];
    expect(viewChanges(h).changes).toMatchObject([{ observer: "n1", subject: "n0", status: "dead", incarnation: 3, invokeNs: s(1), atNs: s(2), f: "view" }]);
    expect(membershipViewSvg([], [], NODES)).toBeUndefined();
    expect(membershipViewSvg([{ index: 0, time: 0, type: "info", process: "nemesis", f: "kill", value: "one" }], [], NODES)).toBeUndefined();
  });

  it("shades a kill or pause on its node's row only, and a partition across every row", () => {
    const faults: FaultSpan[] = [
      { kind: "kill", fromNs: s(1), toNs: s(3), nodes: ["n1"], label: "kill n1" },
      { kind: "partition", fromNs: s(4), toNs: Infinity, nodes: ["n0", "n1", "n2"], label: "partition n0 | n1 n2" },
    ];
    const svg = membershipViewSvg(polls([1, "n0", {}], [6, "n2", {}]), faults, NODES)!;
    const kill = /<g class="fault" data-kind="kill" data-nodes="n1"><title>[^<]*<\/title><rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"/.exec(svg)!;
    const n1 = rowY(svg, "n1");
    expect(Number(kill[1])).toBeLessThan(n1);
    expect(Number(kill[1]) + Number(kill[2])).toBeGreaterThan(n1);
    expect(Number(kill[2])).toBeLessThan(rowY(svg, "n1") - rowY(svg, "n0") + 1); // one row high
    const part = /<g class="fault" data-kind="partition"[^>]*><title>partition n0 \| n1 n2: from 4 s to the end \(never healed\)<\/title><rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"/.exec(svg)!;
    expect(Number(part[1])).toBeLessThan(rowY(svg, "n0"));
    expect(Number(part[1]) + Number(part[2])).toBeGreaterThan(rowY(svg, "n2"));
  });

  it("escapes node ids and labels", () => {
    const h: Op[] = [
      { index: 0, time: 0, type: "invoke", process: 0, f: "members", value: { node: "<n&0>" } },
      { index: 1, time: s(1), type: "ok", process: 0, f: "members", value: { node: "<n&0>", members: { '"]]></svg>': { status: "dead", incarnation: 1 } } } },
    ];
    const svg = membershipViewSvg(h, [{ kind: "pause", fromNs: 0, toNs: s(1), nodes: ["<n&0>"], label: "pause <n&0>" }], ["<n&0>"])!;
    expect(wellFormed(svg)).toBe(true);
    expect(svg).not.toContain("]]></svg>");
    expect(svg).toContain("&lt;n&amp;0&gt;");
  });

  it("draws at most MAX_MARKS marks on a big flapping run, changes to and from dead first, and says so", () => {
    const answers: Array<[number, string, Record<string, Status>]> = [];
    for (let i = 0; i < 20_000; i++) answers.push([i / 100, NODES[i % 3]!, { [NODES[(i + 1) % 3]!]: (["alive", "suspect", "dead", "suspect"] as const)[Math.floor(i / 3) % 4]! }]);
    const h = polls(...answers);
    const t0 = performance.now();
    const svg = membershipViewSvg(h, [], NODES)!;
    expect(performance.now() - t0).toBeLessThan(3000);
    const drawn = svg.match(/class="view-change"/g)!.length;
    expect(drawn).toBe(MAX_MARKS);
    expect(svg.match(/data-status="dead"/g)!.length).toBeGreaterThan(MAX_MARKS / 3);
    expect(svg).toMatch(/\d+ of \d+ changes are not drawn \(at most 3000; changes to and from dead first\)/);
    expect(svg.length).toBeLessThan(2_000_000);
  });
});

describe("membership.svg of a run", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("nodes/swim.ts under --nemesis kill: written beside report.html, a row per node, the killed nodes' rows shaded, shown in report.html", async () => {
    const install = await loadNodeProgram(join(ROOT, "nodes/swim.ts"));
    const r = await simRun({ workloadName: "membership", install, bin: "nodes/swim.ts", nodeCount: 5, timeLimit: 8, nemesis: ["kill"], nemesisInterval: 4, report: true });
    dirs.push(r.dir);
    expect(existsSync(join(r.dir, "membership.svg")), r.output).toBe(true);
    const svg = readFileSync(join(r.dir, "membership.svg"), "utf8");
    expect(wellFormed(svg)).toBe(true);
    for (const n of ["n0", "n1", "n2", "n3", "n4"]) expect(svg).toContain(`class="row-name" data-node="${n}"`);
    expect(svg).toMatch(/data-kind="kill"/);
    expect(svg).toMatch(/data-status="dead"/); // someone noticed a kill
    const html = readFileSync(join(r.dir, "report.html"), "utf8");
    expect(html).toContain('<section id="membership-view"><h2>Who thought whom dead</h2><img class="plot" src="membership.svg"');
    expect(html).toContain('href="membership.svg"');
    expect(existsSync(join(r.dir, "jobs.svg"))).toBe(false);
  });
});
