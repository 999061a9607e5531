import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { JournalEvent } from "../../../maelstrom-workloads/model/journal-event.js";
import type { Op } from "../../../maelstrom-workloads/model/op.js";
import { formatScheduleFile, type FaultSchedule } from "../../../maelstrom-workloads/nemesis/fault-schedule.js";
import { historyOffsetNs } from "../../../maelstrom-workloads/report/clock-offset.js";
import { readJournal } from "../../../maelstrom-workloads/report/read-journal.js";
import { runHarness } from "../../helpers/run-harness.js";

// The process host runs the schedule file a simulated search writes (--schedule): each fault at its
// time on the real clock, on real processes (SIGKILL and a restart, SIGSTOP/SIGCONT, the network's
// partition, loss and latency), recorded as the simulator records it, and healed by the final phase.

const schedule: FaultSchedule = {
  version: 1,
  faults: [
    { atMs: 0, forMs: 600, kind: "loss", p: 0.5 },
    { atMs: 300, forMs: 800, kind: "pause", nodes: ["n2"] },
    { atMs: 800, forMs: 900, kind: "kill", nodes: ["n1"] },
    { atMs: 2000, forMs: 700, kind: "partition", shape: "one", sides: [["n0"], ["n1", "n2"]] },
    { atMs: 2200, forMs: 5000, kind: "latency", factor: 3 },
  ],
};

describe("--schedule on the process host", () => {
  it("applies and undoes each fault at its time on real processes, and the broadcast node (durable) is valid through it", { timeout: 60_000 }, async () => {
    const file = join(mkdtempSync(join(tmpdir(), "schedule-")), "schedule.json");
    writeFileSync(file, formatScheduleFile(schedule));
    // durable: a value is acknowledged only once two nodes hold it, so killing one loses nothing (frugal may lose one).
    const r = await runHarness({ workload: "broadcast", bin: "nodes/broadcast.ts", binArgs: ["durable"], timeLimit: 3.5, latency: 5, schedule: file });
    expect(r.crash, r.label).toBeUndefined();
    expect(r.exitCode, r.output).toBe(0);
    const ops = r.text("history.jsonl").trim().split("\n").map((l) => JSON.parse(l) as Op);
    const nemesis = ops.filter((op) => op.process === "nemesis");
    // History times count from the end of init; the schedule's from the start of the main phase, after setup: a little later.
    const mainStart = ops.find((op) => op.process !== "nemesis")!.time / 1e6;
    const at = (f: string, value: unknown) => {
      const op = nemesis.find((o) => o.f === f && JSON.stringify(o.value) === JSON.stringify(value));
      expect(op, `${f} ${JSON.stringify(value)} in ${JSON.stringify(nemesis.map((o) => [o.f, o.value]))}`).toBeDefined();
      return op!.time / 1e6;
    };
    // Never early; late by at most a little (a turn waits for the one before it: a kill waits for the process
    // group to be gone, a restart for init and setup; on a loaded machine that takes a while).
    const near = (t: number, ms: number) => {
      expect(t).toBeGreaterThanOrEqual(ms - 1);
      expect(t, `${t} ms, expected about ${ms} after the main phase began (${r.label})`).toBeLessThan(mainStart + ms + 1500);
    };
    near(at("start-loss", 0.5), 0);
    near(at("pause", ["n2"]), 300);
    near(at("stop-loss", 0.5), 600);
    near(at("kill", ["n1"]), 800);
    near(at("resume", ["n2"]), 1100);
    near(at("start", ["n1"]), 1700);
    near(at("start-partition", "one"), 2000);
    near(at("start-latency", 3), 2200);
    near(at("stop-partition", null), 2700);
    expect(at("kill", { n1: "killed" })).toBeGreaterThan(0);
    expect(at("start", { n1: "started" })).toBeGreaterThan(0);
    // The latency change was still in force at the end of the main phase: the final phase put it back.
    const heal = nemesis.map((o) => [o.f, o.value]).slice(-10);
    expect(heal).toContainEqual(["stop-latency", "all"]);
    expect(heal).toContainEqual(["stop-latency", { "latency-factor": 1 }]);
    // n1 was killed and started again under its id: it answered a second init.
    const journal = r.text("journal.jsonl").trim().split("\n").map((l) => JSON.parse(l) as JournalEvent);
    expect(journal.filter((e) => e.type === "recv" && e.message.dest === "n1" && e.message.body.type === "init")).toHaveLength(2);
    expect(journal.some((e) => e.type === "drop" && e.why === "loss")).toBe(true);
    // The partition was enforced: every message between the sides that fell due while it was in force was dropped,
    // none delivered (on a loaded machine there may be none; the drop then proves nothing, the deliveries still would).
    const read = await readJournal(join(r.dir, "journal.jsonl"));
    const offsetNs = historyOffsetNs(ops, read.messages);
    const [cutFrom, cutTo] = [at("start-partition", "one") * 1e6 + offsetNs, at("stop-partition", null) * 1e6 + offsetNs];
    const across = (m: { src: string; dest: string }) => (m.src === "n0" && m.dest.startsWith("n") && m.dest !== "n0") || (m.dest === "n0" && m.src.startsWith("n") && m.src !== "n0");
    const fellDue = read.messages.filter((m) => across(m) && (m.recvNs ?? m.drop?.atNs ?? -1) > cutFrom + 5e6 && (m.recvNs ?? m.drop?.atNs ?? Infinity) < cutTo - 5e6);
    expect(fellDue.filter((m) => m.recvNs !== null).map((m) => `${m.src}->${m.dest} ${m.type}`), r.label).toEqual([]);
    expect(fellDue.every((m) => m.drop?.why === "partition")).toBe(true);
  });
});
