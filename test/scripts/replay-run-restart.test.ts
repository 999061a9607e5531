// replay --run of a node that was killed and started again in the run: its
// input holds a second init. Replay keeps one process (which keeps its state),
// and the summary says so, naming the lines of the new inits.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { replayWithOutcome, type ReplayCall } from "../../scripts/replay/run-replay.js";
import { loadStoredRun } from "../../scripts/replay/stored-run.js";

const root = resolve(import.meta.dirname, "../..");
const scratch = realpathSync(mkdtempSync(join(tmpdir(), "replay-restart-test-")));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Msg = { src: string; dest: string; body: Record<string, unknown> };
const init = (msgId: number): Msg => ({ src: "c0", dest: "n1", body: { type: "init", node_id: "n1", node_ids: ["n1"], msg_id: msgId } });
const echo = (text: string, msgId: number): Msg => ({ src: "c1", dest: "n1", body: { type: "echo", echo: text, msg_id: msgId } });

/** A run directory whose journal delivers `msgs` to n1, 10 ms apart. */
function storedRun(name: string, msgs: Msg[]): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  const events = msgs.map((m, i) => JSON.stringify({ id: i, time: i * 10_000_000, type: "recv", message: { id: i, ...m } })).join("\n");
  writeFileSync(join(dir, "journal.jsonl"), `${events}\n`);
  return dir;
}

async function replay(options: Partial<ReplayCall>) {
  let report = "";
  const outcome = await replayWithOutcome({ baseDir: root, bin: join(root, "nodes/echo.ts"), node: "n1", pace: 0, quietMs: 40, graceMs: 3000, timeoutMs: 15_000, ...options } as ReplayCall, {
    write: (s) => void (report += s),
  });
  return { ...outcome, report };
}

describe("replay --run of a node restarted in the run", () => {
  const restarted = storedRun("restarted", [init(1), echo("a", 1), init(2), echo("b", 2), init(3), echo("c", 3)]);
  const once = storedRun("once", [init(1), echo("a", 1)]);

  it("finds the lines of the inits", async () => {
    expect((await loadStoredRun(restarted, "n1", root)).initLines).toEqual([1, 3, 5]);
    expect((await loadStoredRun(once, "n1", root)).initLines).toEqual([1]);
  });

  it("says in the summary that replay keeps one process, so the node's state after the first restart differs", async () => {
    const r = await replay({ run: restarted });
    expect(r.session!.sent, r.report).toHaveLength(6);
    expect(r.report).toContain("n1 was restarted 2 times in the run (a new init at lines 3, 5); replay keeps");
    expect(r.report).toContain("one process and sends it each init, so n1 keeps its state, and what it answers after");
    expect(r.report).toContain("line 3 can differ from the run's.");
  });

  it("says nothing of restarts for a node started once", async () => {
    const r = await replay({ run: once });
    expect(r.exitCode, r.report).toBe(0);
    expect(r.report).not.toContain("restarted");
  });
});
