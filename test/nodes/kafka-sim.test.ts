import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadNodeProgram } from "../../lib/runtime/node-program.js";
import type { TestOptionsInput } from "../../maelstrom-workloads/options/option-table.js";
import { testOptions } from "../../maelstrom-workloads/options/test-options.js";
import { runConfigFrom } from "../../maelstrom-workloads/run/run-config.js";
import { runSim } from "../../maelstrom-workloads/sim/run-sim.js";
import { ROOT } from "../helpers/run-harness.js";

// The kafka workload on the simulator: nodes/kafka.ts passes with the flags
// fly.io gives for 5a and 5b/5c (rate 1000, 20 s, 1 and 2 nodes), and under
// partitions and kills; each faulty fixture is rejected with its anomaly named.

type Op = { process: number | string; type: string; f: string; value: unknown; final?: boolean };
const stores: string[] = [];
afterAll(() => stores.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function run(bin: string, options: Omit<TestOptionsInput, "workload" | "bin">) {
  const storeDir = mkdtempSync(join(tmpdir(), "kafka-sim-"));
  stores.push(storeDir);
  const o = testOptions({ workload: "kafka", bin, nodeCount: 1, concurrency: "2n", rate: 1000, timeLimit: 20, seed: 7, storeDir, ...options });
  const cfg = { ...runConfigFrom(o, []), install: await loadNodeProgram(join(ROOT, bin)) };
  const lines: string[] = [];
  const outcome = await runSim(cfg, (l) => lines.push(l));
  const text = (name: string) => readFileSync(join(outcome.dir, name), "utf8");
  const history = () => text("history.jsonl").trim().split("\n").map((l) => JSON.parse(l) as Op);
  return { ...outcome, workload: JSON.parse(text("results.json")).workload, history, label: `seed ${o.seed}, store ${outcome.dir}\n${lines.join("\n")}` };
}

describe("nodes/kafka.ts on the simulator", () => {
  it("5a: 1 node, --concurrency 2n, --time-limit 20, --rate 1000: valid, ops of each kind ok, final polls read everything", { timeout: 120_000 }, async () => {
    const r = await run("nodes/kafka.ts", {});
    expect(r.exitCode, r.label).toBe(0);
    expect(r.workload, r.label).toMatchObject({ "valid?": true, "error-types": [] });
    const ops = r.history();
    for (const f of ["send", "poll", "assign"]) expect(ops.filter((op) => op.f === f && op.type === "ok").length, f).toBeGreaterThan(10);
    expect(ops.filter((op) => op.f === "crash" && op.type === "info" && op.final).length, "each thread crashes its client before the final polls").toBe(2);
    expect(ops.some((op) => op.final && op.f === "poll" && op.type === "ok"), "final polls").toBe(true);
  });

  it("5b/5c: 2 nodes, same flags: valid", { timeout: 120_000 }, async () => {
    const r = await run("nodes/kafka.ts", { nodeCount: 2 });
    expect(r.exitCode, r.label).toBe(0);
    expect(r.workload["valid?"], r.label).toBe(true);
  });

  it("2 nodes under --nemesis partition,kill (--rate 100): valid (every node serves from lin-kv; nothing is kept on a node)", { timeout: 120_000 }, async () => {
    const r = await run("nodes/kafka.ts", { nodeCount: 2, rate: 100, nemesis: ["partition", "kill"], nemesisInterval: 3 });
    expect(r.exitCode, r.label).toBe(0);
    expect(r.workload["valid?"], r.label).toBe(true);
    expect(r.history().some((op) => op.process === "nemesis"), "faults happened").toBe(true);
  });
});

describe("nodes/kafka.ts has no cycle (no read from the future) and no finding on other seeds", () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}, 3 nodes, --nemesis partition,kill --latency 5 (--rate 100, 15 s): valid, no error type`, { timeout: 120_000 }, async () => {
      const r = await run("nodes/kafka.ts", { nodeCount: 3, rate: 100, timeLimit: 15, nemesis: ["partition", "kill"], nemesisInterval: 3, latency: 5, seed });
      expect(r.exitCode, r.label).toBe(0);
      expect(r.workload, r.label).toMatchObject({ "valid?": true, "error-types": [] });
    });
  }
});

describe("faulty kafka nodes are rejected with their anomaly named", () => {
  it("kafka-backwards-offset (every 5th send to a key lands below the last offset): nonmonotonic-send", { timeout: 120_000 }, async () => {
    const r = await run("test/fixtures/nodes/kafka-backwards-offset.ts", { rate: 100, timeLimit: 10 });
    expect(r.exitCode, r.label).toBe(1);
    expect(r.workload["bad-error-types"], r.label).toContain("nonmonotonic-send");
    expect(r.workload["nonmonotonic-send"].errs[0].explanation, r.label).toMatch(/^key \d+: sends op \d+ then op \d+ \(process \d+\) went from message \d+ to message \d+, 1 message\(s\) back/);
  });

  it("kafka-poll-skip (every 7th poll past offset 0 leaves out its first message): poll-skip", { timeout: 120_000 }, async () => {
    const r = await run("test/fixtures/nodes/kafka-poll-skip.ts", { rate: 100, timeLimit: 10 });
    expect(r.exitCode, r.label).toBe(1);
    expect(r.workload["bad-error-types"], r.label).toContain("poll-skip");
    expect(r.workload["poll-skip"].errs[0].explanation, r.label).toMatch(/^key \d+: polls op \d+ then op \d+ \(process \d+\) went from message \d+ to message \d+, skipping \d+/);
  });


  it("kafka-lost-write (forgets every 10th send): lost-write, with the lost message's writer and a poll past it", { timeout: 120_000 }, async () => {
    const r = await run("test/fixtures/nodes/kafka-lost-write.ts", { nodeCount: 2, rate: 100, timeLimit: 10 });
    expect(r.exitCode, r.label).toBe(1);
    expect(r.workload["valid?"], r.label).toBe(false);
    expect(r.workload["bad-error-types"], r.label).toContain("lost-write");
    expect(r.workload["lost-write"].errs[0].explanation, r.label).toMatch(/was acknowledged at offset \d+ by op \d+ .* but no ok poll ever read it/);
    expect(r.workload["lost-count"]).toBeGreaterThan(0);
  });

  it("kafka-reordered-offset: valid without faults", { timeout: 120_000 }, async () => {
    const r = await run("test/fixtures/nodes/kafka-reordered-offset.ts", { nodeCount: 2, rate: 100, timeLimit: 10 });
    expect(r.exitCode, r.label).toBe(0);
  });

  it("kafka-reordered-offset under kills: inconsistent-offsets (an offset reused for a second message)", { timeout: 120_000 }, async () => {
    const r = await run("test/fixtures/nodes/kafka-reordered-offset.ts", { nodeCount: 2, rate: 100, nemesis: ["kill"], nemesisInterval: 5, seed: 3 });
    expect(r.exitCode, r.label).toBe(1);
    expect(r.workload["bad-error-types"], r.label).toContain("inconsistent-offsets");
    expect(r.workload["inconsistent-offsets"].errs[0].explanation, r.label).toMatch(/key \d+, offset \d+ holds 2 different messages/);
  });
});

describe("faulty kafka nodes: duplicate and G1a", () => {
  type Ref = { index: number; process: number; type: string; f: string; value: unknown };
  const at = (ops: Op[], index: number) => ops.find((op) => (op as Op & { index?: number }).index === index) as (Op & { error?: unknown }) | undefined;

  it("kafka-duplicate (every 6th send appended twice, answered with the first offset): duplicate, traced to the send acknowledged at its first offset", { timeout: 120_000 }, async () => {
    const r = await run("test/fixtures/nodes/kafka-duplicate.ts", { rate: 100, timeLimit: 5, seed: 11 });
    expect(r.exitCode, r.label).toBe(1);
    expect(r.workload["valid?"], r.label).toBe(false);
    expect(r.workload["bad-error-types"], r.label).toContain("duplicate");
    const e = r.workload.duplicate.errs[0] as { key: string; value: unknown; count: number; offsets: number[]; writer: Ref; reader: Ref; explanation: string };
    expect(e.explanation, r.label).toMatch(/^key \d+: message \d+ appears at 2 offsets \(\d+, \d+\); sent by op \d+ \(process \d+, ok send\), first read by op \d+ \(process \d+, ok poll\)$/);
    expect(e.offsets[1], r.label).toBe(e.offsets[0]! + 1);
    // The evidence names the send, acknowledged at the first of the offsets, as the history has it.
    const sender = at(r.history(), e.writer.index);
    expect(JSON.stringify(sender?.value), r.label).toBe(JSON.stringify([["send", e.key, [e.offsets[0], e.value]]]));
    expect(at(r.history(), e.reader.index)?.f, r.label).toBe("poll");
  });

  it("kafka-failed-send-kept (every 6th send appended, then answered with error 11): G1a, naming the failed send and the poll that read its message", { timeout: 120_000 }, async () => {
    const r = await run("test/fixtures/nodes/kafka-failed-send-kept.ts", { rate: 100, timeLimit: 5, seed: 11 });
    expect(r.exitCode, r.label).toBe(1);
    expect(r.workload["valid?"], r.label).toBe(false);
    expect(r.workload["bad-error-types"], r.label).toContain("G1a");
    const e = r.workload.G1a.errs[0] as { key: string; value: unknown; writer: Ref; reader: Ref; explanation: string };
    expect(e.explanation, r.label).toMatch(/^key \d+: op \d+ \(process \d+\) polled \d+ at offset \d+, but its send, op \d+, failed \(\[.*\]\)$/);
    expect(e.explanation).toContain(`op ${e.reader.index} (process ${e.reader.process})`);
    expect(e.explanation).toContain(`its send, op ${e.writer.index}, failed`);
    expect(e.writer, r.label).toMatchObject({ type: "fail", f: "send", value: [["send", e.key, e.value]] });
    expect(e.reader, r.label).toMatchObject({ type: "ok", f: "poll" });
    const ops = r.history();
    expect(at(ops, e.writer.index), "the history's op at the writer's index is that failed send").toMatchObject({ type: "fail", f: "send", value: [["send", e.key, e.value]] });
    expect(at(ops, e.reader.index), "the history's op at the reader's index is that ok poll").toMatchObject({ type: "ok", f: "poll" });
  });
});
