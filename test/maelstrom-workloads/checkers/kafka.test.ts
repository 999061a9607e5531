import { describe, expect, it } from "vitest";
import { checkKafka } from "../../../maelstrom-workloads/checkers/kafka.js";
import { commitErrors } from "../../../maelstrom-workloads/checkers/kafka/commits.js";
import { kafkaOps } from "../../../maelstrom-workloads/checkers/kafka/history.js";
import { lostWrites } from "../../../maelstrom-workloads/checkers/kafka/lost-writes.js";
import { analyse } from "../../../maelstrom-workloads/checkers/kafka/version-orders.js";
import type { Op } from "../../../maelstrom-workloads/model/op.js";

// Hand-built kafka histories, one per finding: the checker must name the
// right error type, count it, and name the ops involved.

type Step = [process: number, type: "ok" | "info" | "fail", f: string, invoke: unknown, done: unknown];

/** Each step becomes an invoke and its completion, in order. */
function history(steps: Step[]): Op[] {
  const ops: Op[] = [];
  for (const [process, type, f, invoke, done] of steps) {
    ops.push({ index: ops.length, time: ops.length, type: "invoke", process, f, value: invoke });
    ops.push({ index: ops.length, time: ops.length, type, process, f, value: done });
  }
  return ops;
}
const send = (p: number, k: string, v: number, o: number, type: "ok" | "info" | "fail" = "ok"): Step => [p, type, "send", [["send", k, v]], type === "ok" ? [["send", k, [o, v]]] : [["send", k, v]]];
const poll = (p: number, msgs: Record<string, [number, number][]>): Step => [p, "ok", "poll", [["poll"]], [["poll", msgs]]];
const assign = (p: number, keys: string[], committed: Record<string, number> = {}): Step => [p, "ok", "assign", keys, { keys, committed }];

const cases: { name: string; steps: Step[]; type: string; valid: boolean | "unknown"; ops?: number[] }[] = [
  { name: "a clean log", steps: [send(0, "1", 1, 0), send(0, "1", 2, 1), poll(1, { "1": [[0, 1], [1, 2]] })], type: "", valid: true },
  { name: "lost-write: offset 1 acknowledged, offset 2 read, offset 1 never", steps: [send(0, "1", 1, 0), send(0, "1", 2, 1), send(0, "1", 3, 2), poll(1, { "1": [[0, 1]] }), poll(2, { "1": [[2, 3]] })], type: "lost-write", valid: false, ops: [3] },
  { name: "inconsistent-offsets: two messages at offset 0", steps: [send(0, "1", 1, 0), send(1, "1", 2, 0), poll(2, { "1": [[0, 2]] })], type: "inconsistent-offsets", valid: false, ops: [1, 3] },
  { name: "duplicate: one message at offsets 0 and 1, naming its send and the poll that read it", steps: [send(0, "1", 1, 0), poll(2, { "1": [[0, 1], [1, 1]] })], type: "duplicate", valid: false, ops: [1, 3] },
  { name: "int-poll-skip: one poll jumps over offset 1", steps: [send(0, "1", 1, 0), send(0, "1", 2, 1), send(0, "1", 3, 2), poll(1, { "1": [[0, 1], [1, 2], [2, 3]] }), poll(2, { "1": [[0, 1], [2, 3]] })], type: "int-poll-skip", valid: false, ops: [9] },
  { name: "int-nonmonotonic-poll: one poll goes back", steps: [send(0, "1", 1, 0), send(0, "1", 2, 1), poll(1, { "1": [[1, 2], [0, 1]] })], type: "int-nonmonotonic-poll", valid: false, ops: [5] },
  { name: "poll-skip: the next poll of the same process starts past the next message", steps: [send(0, "1", 1, 0), send(0, "1", 2, 1), send(0, "1", 3, 2), poll(1, { "1": [[0, 1]] }), poll(1, { "1": [[2, 3]] }), poll(2, { "1": [[0, 1], [1, 2], [2, 3]] })], type: "poll-skip", valid: false, ops: [7, 9] },
  { name: "nonmonotonic-poll: the next poll of the same process goes back", steps: [send(0, "1", 1, 0), send(0, "1", 2, 1), poll(1, { "1": [[0, 1], [1, 2]] }), poll(1, { "1": [[1, 2]] })], type: "nonmonotonic-poll", valid: false, ops: [5, 7] },
  { name: "an assign between two polls resets the process's position (no error)", steps: [send(0, "1", 1, 0), send(0, "1", 2, 1), poll(1, { "1": [[0, 1], [1, 2]] }), assign(1, ["2"]), poll(1, { "1": [[0, 1], [1, 2]] })], type: "", valid: true },
  { name: "nonmonotonic-send: one process's sends go back", steps: [send(0, "1", 1, 1), send(0, "1", 2, 0), poll(1, { "1": [[0, 2], [1, 1]] })], type: "nonmonotonic-send", valid: false, ops: [1, 3] },
  { name: "G1a: a failed send was read", steps: [send(0, "1", 1, 0, "fail"), poll(1, { "1": [[0, 1]] })], type: "G1a", valid: false, ops: [1, 3] },
  { name: "unseen: an acknowledged send never polled", steps: [send(0, "1", 1, 0), send(0, "2", 1, 0), poll(1, { "2": [[0, 1]] })], type: "unseen", valid: false },
  { name: "an info send never read is not unseen nor lost", steps: [send(0, "1", 1, 0, "info"), send(0, "1", 2, 1), poll(1, { "1": [[1, 2]] })], type: "", valid: true },
  { name: "no-writer-of-value: a polled message nobody sent (Jepsen throws; Maelstrom's result is unknown)", steps: [send(0, "1", 1, 0), poll(1, { "1": [[0, 1], [1, 99]] })], type: "no-writer-of-value", valid: "unknown", ops: [3] },
  { name: "no-writer-of-value: a message sent to key 2 polled from key 1", steps: [send(0, "1", 1, 0), send(0, "2", 7, 0), poll(1, { "1": [[0, 1], [1, 7]], "2": [[0, 7]] })], type: "no-writer-of-value", valid: "unknown", ops: [5] },
  { name: "no-writer-of-value beside a lost write: invalid", steps: [send(0, "1", 1, 0), send(0, "1", 2, 1), send(0, "1", 3, 2), poll(1, { "1": [[0, 1]] }), poll(2, { "1": [[2, 3], [3, 42]] })], type: "no-writer-of-value", valid: false, ops: [9] },
  { name: "G1c-realtime: a poll completed before the send it read was invoked", steps: [poll(1, { "1": [[0, 1]] }), send(0, "1", 1, 0)], type: "G1c-realtime", valid: false },
  { name: "int-nonmonotonic-commit: a process's own commit undone (reported, allowed)", steps: [send(0, "1", 1, 0), send(0, "1", 2, 1), poll(1, { "1": [[0, 1], [1, 2]] }), assign(1, ["1"], { "1": 0 })], type: "int-nonmonotonic-commit", valid: true, ops: [5, 7] },
  { name: "nonmonotonic-commit: another process's commit undone (reported, allowed)", steps: [send(0, "1", 1, 0), send(0, "1", 2, 1), poll(1, { "1": [[0, 1], [1, 2]] }), assign(2, ["1"], {})], type: "nonmonotonic-commit", valid: true, ops: [5, 7] },
];

describe("checkKafka on hand-built histories", () => {
  for (const c of cases) {
    it(c.name, () => {
      const r = checkKafka(history(c.steps));
      expect(r["valid?"], JSON.stringify(r, null, 1)).toBe(c.valid);
      if (c.type === "") {
        expect(r["error-types"]).toEqual([]);
        return;
      }
      expect(r["error-types"]).toContain(c.type);
      expect(r["bad-error-types"]).toEqual(c.valid === true ? [] : expect.arrayContaining([c.type]));
      const found = r[c.type] as { count?: number; errs?: { ops?: { index: number }[]; writer?: { index: number }; reader?: { index: number }; explanation: string }[]; explanation?: string };
      if (c.type === "unseen") {
        expect(found).toMatchObject({ unseen: { "1": 1 }, messages: { "1": [1] } });
        return;
      }
      expect(found.count).toBeGreaterThan(0);
      const e = found.errs![0]!;
      expect(e.explanation).toMatch(/key 1/);
      if (c.ops) {
        const named = [...(e.ops ?? []).map((o) => o.index), ...(e.writer ? [e.writer.index] : []), ...(e.reader ? [e.reader.index] : [])];
        expect(named).toEqual(c.ops);
      }
    });
  }

  it("lost-write names the message, its writer and a poll that read past it", () => {
    const r = checkKafka(history(cases[1]!.steps));
    const e = (r["lost-write"] as { errs: Record<string, unknown>[] }).errs[0]!;
    expect(e).toMatchObject({ key: "1", value: 2, index: 1, "max-read-index": 2, writer: { index: 3, process: 0, f: "send" }, "max-read": { index: 9, process: 2 } });
    expect(r["lost-count"]).toBe(1);
  });

  it("no-writer-of-value names key, message and reader; the unknown result carries check-safe's error", () => {
    const r = checkKafka(history(cases.find((c) => c.name.startsWith("no-writer-of-value: a message sent to key 2"))!.steps));
    const e = (r["no-writer-of-value"] as { errs: Record<string, unknown>[] }).errs[0]!;
    expect(e).toMatchObject({ key: "1", value: 7, offset: 1, reader: { index: 5, process: 1, f: "poll" } });
    expect(e.explanation).toBe("key 1: op 5 (process 1, ok poll) polled message 7 at offset 1, but no send wrote it there: it was sent to key 2, never to key 1");
    expect(r.error).toMatch(/^no-writer-of-value: key 1: op 5/);
  });

  it("G1c-realtime names the cycle's ops and each edge's reason", () => {
    const r = checkKafka(history([send(0, "1", 0, 0), poll(1, { "1": [[0, 0], [1, 1]] }), send(0, "1", 1, 1)]));
    const e = (r["G1c-realtime"] as { count: number; errs: { cycle: { index: number }[]; steps: { type: string; why: string }[]; explanation: string }[] }).errs[0]!;
    expect(e.cycle.map((o) => o.index).sort()).toEqual([3, 5]);
    expect(e.steps.map((s) => s.type).sort()).toEqual(["realtime", "wr"]);
    expect(e.steps.find((s) => s.type === "wr")!.why).toBe("op 5 sent 1 to key 1, which op 3 polled at offset 1");
    expect(e.steps.find((s) => s.type === "realtime")!.why).toBe("op 3 completed (history index 3) before op 5 was invoked (index 4)");
    expect(e.explanation).toMatch(/^op 3 \(process 1, ok poll\) completed at index 3, before op 5 \(process 0, ok send\) was invoked at index 4, yet op 5 sent 1 to key 1, which op 3 polled at offset 1: a read from the future. The cycle \(2 edges/);
  });

  it("a poll concurrent with the send it read is no cycle; nor is an info send read after it was invoked", () => {
    const ops: Op[] = [
      { index: 0, time: 0, type: "invoke", process: 0, f: "send", value: [["send", "1", 1]] },
      { index: 1, time: 1, type: "invoke", process: 1, f: "poll", value: [["poll"]] },
      { index: 2, time: 2, type: "ok", process: 1, f: "poll", value: [["poll", { "1": [[0, 1]] }]] },
      { index: 3, time: 3, type: "ok", process: 0, f: "send", value: [["send", "1", [0, 1]]] },
      { index: 4, time: 4, type: "invoke", process: 0, f: "send", value: [["send", "1", 2]] },
      { index: 5, time: 5, type: "info", process: 0, f: "send", value: [["send", "1", 2]] },
      { index: 6, time: 6, type: "invoke", process: 1, f: "poll", value: [["poll"]] },
      { index: 7, time: 7, type: "ok", process: 1, f: "poll", value: [["poll", { "1": [[1, 2]] }]] },
    ];
    expect(checkKafka(ops)).toMatchObject({ "valid?": true, "error-types": [] });
  });

  it("nemesis ops and crash/assign ops alone are no findings", () => {
    const ops = history([[0, "info", "crash", null, null], assign(1, ["1"])]);
    ops.push({ index: ops.length, time: 9, type: "info", process: "nemesis", f: "start-partition", value: null });
    expect(checkKafka(ops)).toMatchObject({ "valid?": true, "error-types": [] });
  });
});

// Large synthetic histories: what the checks find at size (their speed is a benchmark's figure,
// npm run bench:checkers, never a timed test on a shared machine).
describe("checkKafka on large synthetic histories", () => {
  /** A history of completed ops built directly (invoke then ok, one process per op slot). */
  function build(fill: (push: (p: number, f: string, invoke: unknown, done: unknown) => void) => void): Op[] {
    const ops: Op[] = [];
    fill((p, f, invoke, done) => {
      ops.push({ index: ops.length, time: ops.length, type: "invoke", process: p, f, value: invoke });
      ops.push({ index: ops.length, time: ops.length, type: "ok", process: p, f, value: done });
    });
    return ops;
  }

  it("60000 keys each polled once, an assign every 64 polls: no commit error, the whole check valid", () => {
    const h = build((push) => {
      for (let i = 0; i < 60_000; i++) {
        const k = String(i);
        if (i % 64 === 0) push(i % 10, "assign", [k], { keys: [k], committed: {} });
        push(i % 10, "send", [["send", k, 1]], [["send", k, [0, 1]]]);
        push(i % 10, "poll", [["poll"]], [["poll", { [k]: [[0, 1]] }]]);
      }
    });
    const ops = kafkaOps(h);
    const commits = commitErrors(h, ops);
    expect(commits["int-nonmonotonic-commit"].length + commits["nonmonotonic-commit"].length).toBe(0);
    expect(checkKafka(h)["valid?"]).toBe(true);
  });

  it("90000 sends, all but the last of each key lost: every lost write found", () => {
    const h = build((push) => {
      for (let i = 0; i < 90_000; i++) push(i % 10, "send", [["send", String(Math.floor(i / 6)), (i % 6) + 1]], [["send", String(Math.floor(i / 6)), [i % 6, (i % 6) + 1]]]);
      for (let k = 0; k < 15_000; k++) push(k % 10, "poll", [["poll"]], [["poll", { [String(k)]: [[5, 6]] }]]);
    });
    const lost = lostWrites(analyse(kafkaOps(h)));
    expect(lost.length).toBe(75_000);
  });
});
