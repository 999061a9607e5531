import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runHarness } from "../../helpers/run-harness.js";

// Issue 15: each node-log line starts with the ms since the run began, on the journal's clock; run.log
// has the progress's lines. The fixture logs "got echo <message id>" as each of its first three echoes arrives.

const PREFIX = /^ {0,7}(\d+) ms (.*)$/;

describe("node logs on the process host", () => {
  it("every line starts with its time on the journal's clock; a line written in two halves is one line; a last line without a newline is ended", async () => {
    const r = await runHarness({ workload: "echo", bin: "test/fixtures/harness/logs-echoes.mjs", nodeCount: 1, timeLimit: 2, rate: 10, logStderr: true });
    expect(r.exitCode, `${r.label}\n${r.output}`).toBe(0);
    const log = readFileSync(join(r.dir, "node-logs", "n0.log"), "utf8");
    expect(log.endsWith("\n"), log).toBe(true);
    const lines = log.slice(0, -1).split("\n").map((l) => {
      const m = PREFIX.exec(l);
      expect(m, `a line without its time: ${JSON.stringify(l)}`).not.toBeNull();
      return { ms: Number(m![1]), text: m![2]! };
    });
    expect(lines.map((l) => l.text.replace(/\d+$/, "N"))).toEqual(["init: first half, second half", "got echo N", "got echo N", "got echo N", "no newline after this"]);
    // Each "got echo" line came as its message reached n0: the journal's recv time of that message, a little after.
    const recvMs = new Map<number, number>();
    for (const l of r.text("journal.jsonl").trim().split("\n")) {
      const e = JSON.parse(l);
      if (e.type === "recv" && e.message.dest === "n0") recvMs.set(e.message.id, e.time / 1e6);
    }
    for (const { ms, text } of lines.filter((l) => l.text.startsWith("got echo"))) {
      const at = recvMs.get(Number(text.split(" ")[2]));
      expect(at, text).toBeDefined();
      expect(ms, `${text}: logged at ${ms} ms, received at ${at} ms`).toBeGreaterThanOrEqual(Math.floor(at!));
      expect(ms, `${text}: logged at ${ms} ms, received at ${at} ms`).toBeLessThan(at! + 500);
    }
    expect(lines.map((l) => l.ms)).toEqual([...lines.map((l) => l.ms)].sort((a, b) => a - b));
    // --log-stderr shows the node's own lines, as Maelstrom does (no time: run.log's lines are the harness's).
    expect(r.output).toContain("[n0 stderr] init: first half, second half");
    // run.log has the progress's phase lines (the terminal's, off a terminal), beside the harness's lines.
    const runLog = r.text("run.log");
    expect(runLog.match(/^\[[a-z]+\].*$/gm)).toEqual(["[init]", "[setup]", "[main] 2 s", "[analysis]"]);
    expect(runLog).toContain("[n0 stderr] got echo");
  }, 30_000);
});
