import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { recordedPids, survivors } from "../../helpers/leftover-processes.js";
import { startScript } from "../../helpers/run-script.js";

const STACK = /\n\s+at /;

function scratch(): string {
  return mkdtempSync(join(tmpdir(), "harness-errors-"));
}

const maelstrom = (args: string[], opts: { env?: NodeJS.ProcessEnv; maxOpenFiles?: number } = {}) =>
  startScript("scripts/maelstrom.ts", ["test", "-w", "echo", "--bin", "nodes/echo.ts", "--time-limit", "1", ...args], { ...process.env, ...opts.env }, { maxOpenFiles: opts.maxOpenFiles }).done;

describe("failures of the harness itself: exit 254 or 255, one clear line, no stack trace", () => {
  it("test --help explains the exit statuses, interrupts and the debug switch", async () => {
    const r = await startScript("scripts/maelstrom.ts", ["test", "--help"]).done;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/254 bad arguments, 255 the run\s+or the harness crashed; 130 interrupted by SIGINT \(Ctrl-C\), 143 by SIGTERM/);
    expect(r.stdout).toMatch(/set MAELSTROM_NODES_DEBUG=1 to add its stack trace/);
  });

  it("--store that is a file: 254 before anything starts", async () => {
    const file = join(scratch(), "a-file");
    writeFileSync(file, "not a folder\n");
    const r = await maelstrom(["--store", file]);
    expect(r.code, r.stderr).toBe(254);
    expect(r.stderr).toMatch(/--store .*a-file: this is a file, not a folder/);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stdout).toBe("");
  });

  it("--store that cannot be created: 254", async () => {
    const file = join(scratch(), "a-file");
    writeFileSync(file, "not a folder\n");
    const r = await maelstrom(["--store", join(file, "runs")]);
    expect(r.code, r.stderr).toBe(254);
    expect(r.stderr).toMatch(/--store .*a-file\/runs: cannot create this folder \(ENOTDIR\)/);
    expect(r.stderr).not.toMatch(STACK);
  });

  it("a crash of the harness (the store's workload folder is a file): 255, one line; the stack only with MAELSTROM_NODES_DEBUG=1", async () => {
    const store = scratch();
    writeFileSync(join(store, "echo"), "in the way\n");
    const r = await maelstrom(["--store", store]);
    expect(r.code, r.stderr).toBe(255);
    expect(r.stderr).toMatch(/^maelstrom: the harness failed: Error: EEXIST: .*mkdir .*echo.* \(MAELSTROM_NODES_DEBUG=1 shows the stack trace\)\n$/);
    const debug = await maelstrom(["--store", store], { env: { MAELSTROM_NODES_DEBUG: "1" } });
    expect(debug.code).toBe(255);
    expect(debug.stderr).toMatch(STACK);
  });

  it("stdout closed early (as by | head -1): the run goes on, ends as usual and stores everything", async () => {
    const store = scratch();
    const run = startScript("scripts/maelstrom.ts", ["test", "-w", "echo", "--bin", "nodes/echo.ts", "--node-count", "2", "--time-limit", "1", "--store", store]);
    run.child.stdout!.once("data", () => run.child.stdout!.destroy());
    const r = await run.done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/EPIPE|failed/);
    expect(JSON.parse(readFileSync(join(store, "latest", "test.json"), "utf8"))).toMatchObject({ status: "done", "exit-code": 0 });
    expect(readFileSync(join(store, "latest", "run.log"), "utf8")).toMatch(/Everything looks good!/);
    // The process host writes the run's report too (the simulator's is tested with the report's own tests).
    expect(readFileSync(join(store, "latest", "report.html"), "utf8")).toContain('data-verdict="valid"');
  });

  it("out of file descriptors while starting nodes: 255 with a clear crash report, and every node that did start is gone", async () => {
    const store = scratch();
    const pids = scratch();
    // 60 nodes need about 240 descriptors in the harness; 100 are allowed. The nodes ignore EOF and SIGTERM.
    const r = await startScript(
      "scripts/maelstrom.ts",
      ["test", "-w", "echo", "--bin", "test/fixtures/harness/stubborn-echo.mjs", "--node-count", "60", "--time-limit", "1", "--store", store, pids],
      process.env,
      { maxOpenFiles: 100 },
    ).done;
    const label = `${r.stdout}\n${r.stderr}`;
    expect(r.code, label).toBe(255);
    expect(r.stdout).toMatch(/The run crashed \(exit 255\): node n\d+ could not be started: spawn .* EMFILE \(the harness ran out of file descriptors: raise the limit with ulimit -n, or use fewer nodes\)/);
    expect(r.stderr, label).not.toMatch(STACK);
    expect(r.stderr).not.toMatch(/Unhandled|TypeError/);
    const started = recordedPids(pids);
    expect(started.length).toBeGreaterThan(0);
    expect(await survivors(started), label).toEqual([]);
  }, 30_000);
});
