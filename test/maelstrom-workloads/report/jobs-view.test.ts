import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadNodeProgram } from "../../../lib/runtime/node-program.js";
import { docVersions, JOB_DOC_KEY, taskRuns } from "../../../maelstrom-workloads/report/job-doc-history.js";
import { boundRuns, jobsViewSvg, MAX_BARS } from "../../../maelstrom-workloads/report/jobs-view.js";
import { readJobDocs } from "../../../maelstrom-workloads/report/read-job-docs.js";
import type { FaultSpan, JournalMessage } from "../../../maelstrom-workloads/report/report-types.js";
import { ROOT } from "../../helpers/run-harness.js";
import { simRun } from "../../helpers/sim-run.js";
import { wellFormed } from "./well-formed.js";

const NODES = ["n0", "n1", "n2", "n3"];
const s = (x: number) => x * 1e9;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

type Task = { state: "open" | "running" | "done"; attempt: number; worker?: string; epoch?: number };
const run = (worker: string, attempt = 1, epoch = 1): Task => ({ state: "running", attempt, worker, epoch });
const done = (attempt = 1): Task => ({ state: "done", attempt });
const open = (attempt = 1): Task => ({ state: "open", attempt });
const doc = (epoch: number, leader: string, jobs: Record<string, { tasks: Task[]; stopped?: boolean; ended?: object }>, archive: Record<string, { status: string }> = {}) => ({
  epoch,
  leader,
  jobs: Object.fromEntries(Object.entries(jobs).map(([id, j]) => [id, { name: id, input: "in", stopped: false, runs: 1, result: {}, ...j }])),
  archive,
});

/** A journal's CAS of the document at `at` seconds by `src` and lin-kv's answer (cas_ok, or error 22). */
function casPair(ids: { n: number }, at: number, src: string, msgId: number, to: unknown, ok = true): JournalMessage[] {
  const cas: JournalMessage = { id: ids.n++, src, dest: "lin-kv", sendNs: s(at), recvNs: s(at), type: "cas", body: { type: "cas", key: JOB_DOC_KEY, from: {}, to, msg_id: msgId } };
  const answer = ok ? { type: "cas_ok", in_reply_to: msgId } : { type: "error", code: 22, text: "from does not match", in_reply_to: msgId };
  return [cas, { id: ids.n++, src: "lin-kv", dest: src, sendNs: s(at) + 1000, recvNs: null, type: answer.type, body: answer }];
}

/** The story the tests draw: a done task, one reopened after its worker's leader lost the lease, a stopped job, one never ended, a failed CAS. */
function story(): JournalMessage[] {
  const ids = { n: 0 };
  return [
    ...casPair(ids, 1, "n1", 1, doc(1, "n1", { "job-1": { tasks: [run("n1"), run("n2")] } })),
    ...casPair(ids, 2, "n1", 2, doc(1, "n1", { "job-1": { tasks: [done(), done()] } }), false), // refused: changes nothing
    ...casPair(ids, 3, "n1", 3, doc(1, "n1", { "job-1": { tasks: [done(), run("n2")] } })),
    ...casPair(ids, 4, "n3", 1, doc(2, "n3", { "job-1": { tasks: [done(), open()] } })),
    ...casPair(ids, 5, "n3", 2, doc(2, "n3", { "job-1": { tasks: [done(), run("n3", 2, 2)] }, "job-2": { tasks: [run("n0", 1, 2)] } })),
    ...casPair(ids, 6, "n3", 3, doc(2, "n3", { "job-1": { tasks: [], ended: { tasks: 2, done: 2 } }, "job-2": { tasks: [open()], stopped: true }, "job-3": { tasks: [run("n2", 1, 2)] } })),
    ...casPair(ids, 7, "n3", 4, doc(2, "n3", { "job-3": { tasks: [run("n2", 1, 2)] } }, { "job-1": { status: "done" }, "job-2": { status: "stopped" } })),
  ];
}

describe("the cluster document's history", () => {
  it("versions: only CASes lin-kv answered cas_ok, in the order of the answers; a restarted node's reused message id pairs with its latest CAS", () => {
    const ids = { n: 0 };
    const m = [...casPair(ids, 1, "n0", 5, { v: 1 }), ...casPair(ids, 2, "n0", 6, { v: 2 }, false), ...casPair(ids, 3, "n0", 5, { v: 3 })];
    // the second life's CAS 5 is answered after it was sent, not the first life's (already answered)
    expect(docVersions(m).map((v) => [v.atNs, v.doc.v])).toEqual([
      [s(1) + 1000, 1],
      [s(3) + 1000, 3],
    ]);
    expect(docVersions([m[0]!])).toEqual([]); // never answered
  });

  it("task runs: from running on a worker to done, reopened, stopped or never; leaders per epoch", () => {
    const { runs, terms } = taskRuns(docVersions(story()));
    expect(runs.map((r) => `${r.job}/${r.task} a${r.attempt} ${r.worker} e${r.epoch} ${Math.round(r.fromNs / 1e9)}-${Math.round(r.toNs / 1e9)} ${r.outcome}`)).toEqual([
      "job-1/0 a1 n1 e1 1-3 done",
      "job-1/1 a1 n2 e1 1-4 reopened",
      "job-1/1 a2 n3 e2 5-6 done",
      "job-2/0 a1 n0 e2 5-6 stopped",
      "job-3/0 a1 n2 e2 6-Infinity running",
    ]);
    expect(runs[0]!.fromNs).toBe(s(1) + 1000); // the time of lin-kv's answer
    expect(terms.map((t) => `${t.leader} e${t.epoch} ${Math.round(t.fromNs / 1e9)}-${Math.round(t.toNs / 1e9)}`)).toEqual(["n1 e1 1-4", "n3 e2 4-Infinity"]);
  });

  it("readJobDocs: the answered CASes of the document and their answers, `to` cut to what is drawn, nothing else parsed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "job-docs-"));
    dirs.push(dir);
    const line = (id: number, time: number, m: object) => JSON.stringify({ id, time, type: "send", message: m });
    const full = { ...doc(1, "n1", { "job-1": { tasks: [run("n1")] } }), workers: { n1: { slots: 2 } }, beat: 3 };
    writeFileSync(
      join(dir, "journal.jsonl"),
      [
        line(1, 10, { id: 1, src: "n1", dest: "lin-kv", body: { type: "cas", key: JOB_DOC_KEY, from: { big: "x".repeat(100) }, to: full, msg_id: 7 } }),
        line(2, 11, { id: 2, src: "n2", dest: "lin-kv", body: { type: "cas", key: JOB_DOC_KEY, from: {}, to: full, msg_id: 7 } }),
        line(3, 12, { id: 3, src: "lin-kv", dest: "n2", body: { type: "error", code: 22, text: "no", in_reply_to: 7 } }),
        JSON.stringify({ id: 4, time: 12, type: "recv", message: { id: 1 } }),
        line(5, 13, { id: 4, src: "lin-kv", dest: "n1", body: { type: "cas_ok", in_reply_to: 7 } }),
        line(6, 14, { id: 5, src: "n1", dest: "lin-kv", body: { type: "cas", key: "job-worker/job/job-1", from: 1, to: 2, msg_id: 8 } }),
        JSON.stringify({ id: 8, time: 16, type: "read_ok", filler: "y".repeat(5_000_000) }), // longer than a chunk read
        // keys in another order (another host's writer): parsed the slow way
        JSON.stringify({ type: "send", time: 17, id: 9, message: { body: { msg_id: 9, to: doc(2, "n2", {}), key: JOB_DOC_KEY, type: "cas" }, dest: "lin-kv", src: "n2", id: 9 } }),
        line(10, 18, { id: 10, src: "lin-kv", dest: "n2", body: { type: "cas_ok", in_reply_to: 9 } }),
        '{"id":7,"time":15,"type":"send","message":{"id":6,"src":"n1","dest":"lin-kv","body":{"type":"cas","key":"job-worker/cluster"', // cut short
        "",
      ].join("\n"),
    );
    const m = await readJobDocs(join(dir, "journal.jsonl"));
    expect(m.map((x) => `${x.src}->${x.dest} ${x.type} ${x.sendNs}`)).toEqual(["n1->lin-kv cas 10", "lin-kv->n1 cas_ok 13", "n2->lin-kv cas 17", "lin-kv->n2 cas_ok 18"]);
    expect(m[0]!.body).toEqual({ type: "cas", key: JOB_DOC_KEY, msg_id: 7, to: { epoch: 1, leader: "n1", jobs: { "job-1": { tasks: [run("n1")], stopped: false, ended: undefined } }, archive: {} } });
    expect(docVersions(m).map((v) => v.doc.leader)).toEqual(["n1", "n2"]);
  });
});

const rects = (svg: string) =>
  [...svg.matchAll(/<rect class="task-run" data-worker="([^"]*)" data-outcome="(\w+)" data-from="(\d+)" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"/g)].map((m) => ({ worker: m[1]!, outcome: m[2]!, x: Number(m[4]), y: Number(m[5]), w: Number(m[6]) }));
const rowY = (svg: string, node: string) => Number(new RegExp(`class="row-name" data-node="${node}" x="[\\d.]+" y="([\\d.]+)"`).exec(svg)![1]);

describe("jobsViewSvg", () => {
  it("a bar per attempt on its worker's row, coloured by how it ended; leader strips; faults shaded; a row per node", () => {
    const faults: FaultSpan[] = [{ kind: "kill", fromNs: s(3.5), toNs: s(4.5), nodes: ["n1"], label: "kill n1" }];
    const svg = jobsViewSvg([], faults, NODES, story())!;
    expect(wellFormed(svg)).toBe(true);
    for (const n of NODES) expect(svg).toContain(`class="row-name" data-node="${n}"`);
    const bars = rects(svg);
    expect(bars.map((b) => `${b.worker} ${b.outcome}`)).toEqual(["n1 done", "n2 reopened", "n3 done", "n0 stopped", "n2 running"]);
    const rowOf = (b: { y: number }) => [...NODES].sort((p, q) => Math.abs(rowY(svg, p) - b.y) - Math.abs(rowY(svg, q) - b.y))[0];
    for (const b of bars) expect(rowOf(b)).toBe(b.worker);
    // n2's two attempts do not overlap in time, so they share a lane
    const n2 = bars.filter((b) => b.worker === "n2");
    expect(n2[0]!.y).toBe(n2[1]!.y);
    expect(n2[0]!.x + n2[0]!.w).toBeLessThanOrEqual(n2[1]!.x);
    // the one never ended runs to the end of the axis
    expect(n2[1]!.x + n2[1]!.w).toBeCloseTo(1100 - 16, 0);
    expect([...svg.matchAll(/<g class="leader-term" data-leader="(\w+)" data-epoch="(\d+)">/g)].map((m) => `${m[1]} e${m[2]}`)).toEqual(["n1 e1", "n3 e2"]);
    expect(svg).toContain("<title>job-1 task 1 attempt 1 on n2 (epoch 1): from 1 s to 4 s, reopened</title>");
    expect(svg).toMatch(/<g class="fault" data-kind="kill" data-nodes="n1">/);
    expect(svg).toContain("5 task attempts: 2 done, 1 reopened, 1 stopped, 1 never ended; 2 leader terms; from 6 versions of the cluster document.");
  });

  it("attempts at once on one worker stack in lanes", () => {
    const ids = { n: 0 };
    const m = [...casPair(ids, 1, "n0", 1, doc(1, "n0", { j: { tasks: [run("n1"), run("n1"), run("n1")] } })), ...casPair(ids, 2, "n0", 2, doc(1, "n0", { j: { tasks: [done(), done(), done()] } }))];
    const ys = rects(jobsViewSvg([], [], NODES, m)!).map((b) => b.y);
    expect(new Set(ys).size).toBe(3);
  });

  it("undefined with no answered CAS of the document; escapes what nodes wrote", () => {
    expect(jobsViewSvg([], [], NODES)).toBeUndefined();
    expect(jobsViewSvg([], [], NODES, story().filter((m) => m.type !== "cas_ok"))).toBeUndefined();
    const ids = { n: 0 };
    const svg = jobsViewSvg([], [], ["<n&0>"], casPair(ids, 1, "<n&0>", 1, doc(1, "<n&0>", { '"]]></svg><script>': { tasks: [run("<n&0>")] } })))!;
    expect(wellFormed(svg)).toBe(true);
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&lt;n&amp;0&gt;");
  });

  it("a big run: at most MAX_BARS bars, every one not done kept, the note says what was cut, in well under a second or two", () => {
    const ids = { n: 0 };
    const m: JournalMessage[] = [];
    // 20,000 attempts, one a version, one in 100 reopened
    for (let i = 0; i < 20_000; i++) {
      const w = NODES[i % 4]!;
      m.push(...casPair(ids, i / 100, "n0", 2 * i + 1, doc(1, "n0", { [`job-${i}`]: { tasks: [run(w)] } })));
      m.push(...casPair(ids, i / 100 + 0.005, "n0", 2 * i + 2, doc(1, "n0", { [`job-${i}`]: { tasks: [i % 100 === 0 ? open() : done()] } })));
    }
    const t0 = performance.now();
    const svg = jobsViewSvg([], [], NODES, m)!;
    expect(performance.now() - t0).toBeLessThan(3000);
    const bars = rects(svg);
    expect(bars.length).toBeLessThanOrEqual(MAX_BARS);
    expect(bars.length).toBeGreaterThan(MAX_BARS - 10);
    expect(bars.filter((b) => b.outcome === "reopened")).toHaveLength(200);
    expect(svg).toMatch(/\d+ of 20000 task attempts drawn \(at most 3000\): 200 not done first, then 1 in [\d.]+ of the 19800 done\./);
    expect(svg.length).toBeLessThan(2_000_000);
    const xs = bars.map((b) => b.x);
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(900); // thinned across the run, not its first part
    expect(boundRuns([], 10)).toEqual({ drawn: [] });
  });
});

describe("jobs.svg of a run", () => {
  it("nodes/job-worker.ts, 5 nodes, --nemesis kill, 10 s: written beside report.html, a row per node, bars and a leader, shown in report.html", async () => {
    const install = await loadNodeProgram(join(ROOT, "nodes/job-worker.ts"));
    const r = await simRun({ workloadName: "jobs", install, bin: "nodes/job-worker.ts", nodeCount: 5, timeLimit: 10, nemesis: ["kill"], nemesisInterval: 3, report: true });
    dirs.push(r.dir);
    expect(existsSync(join(r.dir, "jobs.svg")), r.output).toBe(true);
    const svg = readFileSync(join(r.dir, "jobs.svg"), "utf8");
    expect(wellFormed(svg)).toBe(true);
    for (const n of ["n0", "n1", "n2", "n3", "n4"]) expect(svg).toContain(`class="row-name" data-node="${n}"`);
    expect(rects(svg).length).toBeGreaterThan(5);
    expect(svg).toMatch(/class="leader-term"/);
    expect(svg).toMatch(/data-kind="kill"/);
    const html = readFileSync(join(r.dir, "report.html"), "utf8");
    expect(html).toContain('<section id="jobs-view"><h2>Which tasks ran where</h2><img class="plot" src="jobs.svg"');
    expect(existsSync(join(r.dir, "membership.svg"))).toBe(false);
  });
});
