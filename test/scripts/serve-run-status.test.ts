// `maelstrom serve` and runs whose test.json says "status": "running" (the
// harness writes that at the start and rewrites it at the end): shown as
// running while the harness's pid is alive, as abandoned once it is gone, and
// judged afresh on each request (the files of a SIGKILLed run never change).
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServeHandler, listRuns, RunCache, type RunSummary, VERDICT_COLORS } from "../../scripts/maelstrom/serve.js";

const scratch = mkdtempSync(join(tmpdir(), "serve-run-status-"));
const store = join(scratch, "store");

const LIVE = "20261121T120000.000+0000";
const DEAD = "20261121T121000.000+0000";
const OLD = "20261121T122000.000+0000";
const DONE_BUT_RUNNING = "20261121T123000.000+0000";
const DYING = "20261121T124000.000+0000";
const NO_PID = "20261121T125000.000+0000";

/** A pid that was a process a moment ago and is no more (reaped by spawnSync). */
const deadPid = spawnSync(process.execPath, ["-e", ""]).pid;
let sleeper: ChildProcess;

function writeRun(ts: string, files: Record<string, unknown>): void {
  const dir = join(store, "echo", ts);
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(content));
}

const test = (extra: Record<string, unknown>) => ({ name: "echo", workload: "echo", bin: "/abs/nodes/echo.ts", nodes: ["n1"], "start-time": "2026-11-21T12:00:00.000Z", ...extra });

let server: Server;
let base: string;

beforeAll(async () => {
  sleeper = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
  writeRun(LIVE, { "test.json": test({ status: "running", pid: process.pid }) });
  writeRun(DEAD, { "test.json": test({ status: "running", pid: deadPid }) });
  writeRun(OLD, { "test.json": test({}) });
  writeRun(DONE_BUT_RUNNING, { "test.json": test({ status: "running", pid: deadPid }), "results.json": { "valid?": true } });
  writeRun(DYING, { "test.json": test({ status: "running", pid: sleeper.pid }) });
  writeRun(NO_PID, { "test.json": test({ status: "running" }) });
  server = createServer(createServeHandler(store));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const addr = server.address();
  if (typeof addr !== "object" || addr === null) throw new Error("no address");
  base = `http://127.0.0.1:${addr.port}`;
});

afterAll(async () => {
  sleeper.kill("SIGKILL");
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(scratch, { recursive: true, force: true });
});

const byTs = (runs: RunSummary[], ts: string) => runs.find((r) => r.timestamp === ts)!;

describe("serve: runs whose test.json says running", () => {
  it("the dead pid really is gone", () => {
    expect(typeof deadPid).toBe("number");
    expect(() => process.kill(deadPid!, 0)).toThrow(expect.objectContaining({ code: "ESRCH" }));
  });

  it("status running and the pid alive: running", async () => {
    const v = byTs(await listRuns(store), LIVE).verdict;
    expect(v).toEqual({ kind: "incomplete", label: "running", detail: `the harness, pid ${process.pid}, is still running` });
  });

  it("status running and the pid gone: abandoned, naming the pid", async () => {
    const v = byTs(await listRuns(store), DEAD).verdict;
    expect(v).toEqual({ kind: "crashed", label: "abandoned", detail: `the harness, pid ${deadPid}, is gone` });
  });

  it("old runs without a status, or running without a pid, keep today's verdict", async () => {
    const runs = await listRuns(store);
    const old = { kind: "incomplete", label: "no results", detail: "no results.json: still running, or stopped before the analysis" };
    expect(byTs(runs, OLD).verdict).toEqual(old);
    expect(byTs(runs, NO_PID).verdict).toEqual(old);
  });

  it("results win over a test.json left saying running", async () => {
    expect(byTs(await listRuns(store), DONE_BUT_RUNNING).verdict).toEqual({ kind: "valid", label: "valid" });
  });

  it("is checked on every request, even when the summary is cached: a harness killed later shows as abandoned", async () => {
    const cache = new RunCache<RunSummary | null>();
    expect(byTs(await listRuns(store, undefined, { cache }), DYING).verdict.label).toBe("running");
    const exited = new Promise((r) => sleeper.once("exit", r));
    sleeper.kill("SIGKILL");
    await exited;
    expect(byTs(await listRuns(store, undefined, { cache }), DYING).verdict).toEqual({ kind: "crashed", label: "abandoned", detail: `the harness, pid ${sleeper.pid}, is gone` });
  });

  it("the index and the run page show it", async () => {
    const index = await (await fetch(`${base}/`)).text();
    const row = (ts: string) => index.split("<tr>").find((r) => r.includes(encodeURIComponent(ts)))!;
    expect(row(LIVE)).toContain(`style="background:${VERDICT_COLORS.incomplete}">running<small>the harness, pid ${process.pid}, is still running</small>`);
    expect(row(DEAD)).toContain(`style="background:${VERDICT_COLORS.crashed}">abandoned<small>the harness, pid ${deadPid}, is gone</small>`);
    const page = await (await fetch(`${base}/echo/${encodeURIComponent(DEAD)}/`)).text();
    expect(page).toContain(`abandoned<small>the harness, pid ${deadPid}, is gone</small>`);
  });
});
