// replay --run of nodes that send requests of their own: nodes/g-counter.ts
// (RPCs to seq-kv) and nodes/broadcast.ts (gossip on a timer). The stored
// runs are made here on the simulator (3 nodes, 3 s, seeds fixed) and
// replayed with the run's own binary (--trust-run), paced ten times faster
// than recorded. Without the reply remapping, the g-counter node drops every
// seq-kv reply (their in_reply_to answer the recorded node's msg_ids) and
// answers its clients with timeouts.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadNodeProgram } from "../../lib/runtime/node-program.js";
import { ROOT } from "../helpers/run-harness.js";
import { installBroadcastProgram, simRun } from "../helpers/sim-run.js";
import { replayWithOutcome, type ReplayCall } from "../../scripts/replay/run-replay.js";
import { loadStoredRun } from "../../scripts/replay/stored-run.js";

const installGCounter = await loadNodeProgram(join(ROOT, "nodes/g-counter.ts"));

async function replay(options: Partial<ReplayCall>) {
  let report = "";
  const outcome = await replayWithOutcome({ baseDir: ROOT, trustRun: true, quietMs: 100, graceMs: 3000, timeoutMs: 20_000, ...options } as ReplayCall, {
    write: (s) => void (report += s),
  });
  return { ...outcome, report };
}

type Msg = { src: string; dest: string; body: Record<string, unknown> };
/** The replies a node sent to clients, without msg_id and in_reply_to (numbered differently in a replay). */
const clientReplies = (msgs: Msg[], node: string): { dest: string; type: unknown; [k: string]: unknown }[] =>
  msgs.filter((m) => m.src === node && m.dest.startsWith("c") && m.body.type !== "init_ok").map(({ dest, body: { msg_id: _m, in_reply_to: _r, ...rest } }) => ({ dest, type: rest.type, ...rest }));

describe("replay --run of nodes/g-counter.ts (RPCs to seq-kv), seed 11", async () => {
  const sim = await simRun({ workloadName: "g-counter", install: installGCounter, bin: "nodes/g-counter.ts", nodeCount: 3, rate: 10, timeLimit: 3, nemesis: [], seed: 11 });
  const label = `store ${sim.dir}`;
  const journal = sim
    .text("journal.jsonl")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { type: string; message: Msg });
  const recorded = journal.filter((e) => e.type === "send").map((e) => e.message);

  it("the stored run has replies from seq-kv to n1's own requests", async () => {
    const stored = await loadStoredRun(sim.dir, "n1", ROOT);
    expect(stored.origins.filter((o) => o !== undefined).length, label).toBeGreaterThan(20);
    expect(stored.requestsSent.get("read"), label).toBeGreaterThan(10);
    expect(stored.endMs, label).toBeGreaterThan(2500);
  });

  it("remaps every seq-kv reply to the replayed node's requests: none dropped, none unmatched, the clients get the recorded answers", async () => {
    const r = await replay({ run: sim.dir, node: "n1", pace: 0.1 });
    const s = r.session!;
    expect(r.exitCode, r.report).toBe(0);
    expect(s.replies!.remapped, r.report).toBeGreaterThan(20);
    expect(s.replies!.unmatched, r.report).toEqual([]);
    expect(s.stderr.filter((l) => l.includes("dropped")), r.report).toEqual([]);
    expect(s.errorReplies, r.report).toBe(0);
    // n1 answers its clients as often, and with the same final read, as in the run. Reads that
    // overlapped an add may differ: the replayed node can interleave its requests for the two
    // otherwise, and position then pairs a reply with the other operation's request.
    const replayed = clientReplies(s.stdout.map((l) => JSON.parse(l) as Msg), "n1");
    const inRun = clientReplies(recorded, "n1");
    expect(replayed.length, label).toBeGreaterThan(5);
    expect(replayed.map((m) => String(m.type)).sort(), r.report).toEqual(inRun.map((m) => String(m.type)).sort());
    const lastRead = (ms: typeof inRun) => ms.filter((m) => m.type === "read_ok").at(-1);
    expect(lastRead(replayed), r.report).toEqual(lastRead(inRun));
    expect(r.report).toMatch(/replies {3}\d+ recorded replies remapped to n1's own requests \(by type, destination and position/);
    expect(r.report).toContain("n1 sent requests of its own in the run (");
    expect(r.report).toContain("Replay does not compare the");
    expect(r.report).toContain("(whether its input or its timers trigger them)");
    expect(r.report.match(/sent requests of its own/g), r.report).toHaveLength(1);
  });

  it("without a schedule (--pace 0, step mode, default --reply-ms) remaps the same way, without waiting on replies that need later input", async () => {
    // Step mode used to wait --reply-ms for each client add's reply, which needs the seq-kv
    // replies on the following lines: the node's own 1 s RPC timeouts fired and it answered errors.
    // Robust under load: replies the node's requests have not caught up with are waited for at the end.
    const r = await replay({ run: sim.dir, node: "n2", pace: 0, quietMs: 30 });
    const s = r.session!;
    expect(r.exitCode, r.report).toBe(0);
    expect(s.inputDone, r.report).toBe(true);
    expect(s.replies!.remapped, r.report).toBeGreaterThan(20);
    expect(s.replies!.unmatched, r.report).toEqual([]);
    expect(s.replies!.late, r.report).toEqual([]);
    expect(s.errorReplies, r.report).toBe(0);
    expect(s.stderr.filter((l) => l.includes("dropped")), r.report).toEqual([]);
  });

  describe("a node slow to start (a wrapper that sleeps 1 s first) still gets every held reply before its stdin is closed", () => {
    const dir = mkdtempSync(join(tmpdir(), "replay-slow-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const slow = join(dir, "slow.sh");
    writeFileSync(slow, `#!/bin/sh\nsleep 1\nexec "${join(ROOT, "nodes/g-counter.ts")}" "$@"\n`);
    chmodSync(slow, 0o755);

    it.each([
      ["paced (--pace 0.05)", { pace: 0.05, quietMs: 100 }],
      ["step mode (--pace 0 --reply-ms 0)", { pace: 0, replyMs: 0, quietMs: 30 }],
    ])("%s", async (_, opts) => {
      const r = await replay({ run: sim.dir, node: "n2", trustRun: false, bin: slow, ...opts });
      const s = r.session!;
      expect(r.exitCode, r.report).toBe(0);
      expect(s.replies!.remapped, r.report).toBeGreaterThan(20);
      expect(s.replies!.unmatched, r.report).toEqual([]);
      expect(s.replies!.late, r.report).toEqual([]);
      expect(s.errorReplies, r.report).toBe(0);
      expect(r.report).toMatch(/replies {3}\d+ recorded replies remapped to n2's own requests .*; all matched/);
    });
  });

  it("reports a reply whose request the replayed node never sent as unmatched, not sent (here: a node that ignores clients)", async () => {
    // The echo node sends no requests of its own: every seq-kv reply stays held.
    const r = await replay({ run: sim.dir, node: "n1", pace: 0.05, trustRun: false, bin: "nodes/echo.ts" });
    const unmatched = r.session!.replies!.unmatched;
    expect(unmatched.length, r.report).toBeGreaterThan(20);
    expect(r.session!.replies!.remapped).toBe(0);
    expect(r.report).toMatch(/\d+ unmatched, not sent: the replayed n1 sent fewer of those requests than the recorded one: line \d+ \((write_ok|read_ok|error) for the 1st (write|read) to seq-kv\)/);
    expect(r.report).not.toContain("dropped");
    // Replies from a service left unmatched: the node behaved otherwise than in the run.
    expect(r.exitCode, r.report).toBe(1);
    expect(r.problems.join("\n"), r.report).toMatch(/^\d+ recorded replies from services unmatched \(n1 never sent the requests\)$/m);
  });
});

describe("replay --run of nodes/broadcast.ts (gossip on a timer), seed 3", async () => {
  const sim = await simRun({ workloadName: "broadcast", install: installBroadcastProgram, bin: "nodes/broadcast.ts", nodeCount: 3, rate: 10, timeLimit: 3, nemesis: [], seed: 3 });

  it("paced, ends at the run's end and exits 0 though the node never goes quiet; says once what replay cannot compare", async () => {
    const stored = await loadStoredRun(sim.dir, "n1", ROOT);
    const started = performance.now();
    const r = await replay({ run: sim.dir, node: "n1", pace: 0.2 });
    const took = performance.now() - started;
    expect(r.exitCode, r.report).toBe(0);
    expect(r.session!.sent).toHaveLength(stored.lines.length);
    // Paced: no sooner than the scaled run (the node's start-up aside), and no step-mode waits after it.
    expect(took, r.report).toBeGreaterThan(stored.endMs * 0.2);
    expect(took, r.report).toBeLessThan(stored.endMs * 0.2 + 8000);
    expect(r.report).toContain("paced: each message at 0.2 × its recorded time");
    expect(r.report.match(/n1 sent requests of its own in the run \(\d+ gossip/g), r.report).toHaveLength(1);
  });
});
