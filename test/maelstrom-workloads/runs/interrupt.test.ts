import { existsSync, mkdtempSync, readFileSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { readRun } from "../../../scripts/maelstrom/serve.js";
import { recordedPids, survivors } from "../../helpers/leftover-processes.js";
import { startScript } from "../../helpers/run-script.js";

/** Polls `check` every 50 ms until it returns true; fails after `ms`. */
async function until(what: string, check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const read = (path: string) => (existsSync(path) ? readFileSync(path, "utf8") : "");

it.each([
  ["SIGINT", "to the whole process group, as Ctrl-C does", 130],
  ["SIGTERM", "to the harness alone, as a CI timeout or an IDE's stop button does", 143],
] as const)("on %s %s: ends every node, keeps the history, says so in test.json, exits %i", async (signal, _how, exitCode) => {
  const store = mkdtempSync(join(tmpdir(), "interrupt-store-"));
  const pids = mkdtempSync(join(tmpdir(), "pids-"));
  // Nodes that ignore SIGINT, SIGTERM and EOF, behind a wrapper script that does not exec.
  const run = startScript("scripts/maelstrom.ts", ["test", "-w", "echo", "--bin", "test/fixtures/harness/wrapped-echo.sh", "--node-count", "2", "--time-limit", "60", "--rate", "50", "--store", store, pids], process.env, { detached: true });
  try {
    await interruptAndCheck(run, store, pids, signal, exitCode);
  } finally {
    // Whatever happened, leave nothing running.
    if (run.child.exitCode === null && run.child.signalCode === null) process.kill(-run.child.pid!, "SIGKILL");
    await survivors(recordedPids(pids), 0);
  }
}, 40_000);

async function interruptAndCheck(run: ReturnType<typeof startScript>, store: string, pids: string, signal: "SIGINT" | "SIGTERM", exitCode: number): Promise<void> {
  const current = join(store, "current");
  await until("completed ops", () => (read(join(current, "journal.jsonl")).match(/echo_ok/g)?.length ?? 0) >= 10);

  // While it runs, store/current points at a run whose test.json says it is running, and there is no store/latest yet.
  const during = JSON.parse(read(join(current, "test.json")));
  expect(during.status).toBe("running");
  expect(existsSync(join(store, "latest"))).toBe(false);
  const dir = realpathSync(current);
  const [workload, timestamp] = dir.split("/").slice(-2) as [string, string];
  expect((await readRun(store, workload, timestamp))?.verdict.detail).toMatch(/still running/);

  process.kill(signal === "SIGINT" ? -run.child.pid! : run.child.pid!, signal);
  const r = await run.done;
  const label = `${r.stdout}\n${r.stderr}`;
  expect(r.code, label).toBe(exitCode);
  expect(r.stdout + r.stderr).toMatch(new RegExp(`Interrupted by ${signal}`));
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace

  // Once it has ended, store/latest points at it too.
  expect(realpathSync(join(store, "latest"))).toBe(dir);
  const test = JSON.parse(read(join(dir, "test.json")));
  expect(test).toMatchObject({ status: "interrupted", interrupted: signal, "exit-code": exitCode });
  const ops = read(join(dir, "history.jsonl")).trim().split("\n").map((l) => JSON.parse(l));
  expect(ops.filter((o) => o.type === "ok").length, label).toBeGreaterThanOrEqual(5);
  expect(read(join(dir, "history.txt"))).toMatch(/\tok\techo\t/);
  // serve must not call it still running.
  const shown = (await readRun(store, workload, timestamp))?.verdict;
  expect(shown?.detail).not.toMatch(/still running/);
  expect(`${shown?.label} ${shown?.detail}`).toMatch(new RegExp(signal));

  const started = recordedPids(pids);
  expect(started).toHaveLength(6);
  expect(await survivors(started), label).toEqual([]);
}
