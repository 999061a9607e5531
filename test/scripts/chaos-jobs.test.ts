import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runScript } from "../helpers/run-script.js";

// scripts/chaos-jobs.ts on the simulator (seed 1, the defaults: 5 nodes of 2
// slots, 40 tasks of 500 ms, --keep majority; about 25 simulated seconds,
// under a second of work): nodes/job-worker.ts finishes the job right in the degraded cluster
// (exit 0); test/fixtures/nodes/forgetful-jobs.ts (a dead worker's tasks are
// never given out again) does not (exit 1).

const stores: string[] = [];
afterAll(() => stores.forEach((d) => rmSync(d, { recursive: true, force: true })));
const chaos = async (args: string[]) => {
  const store = mkdtempSync(join(tmpdir(), "chaos-jobs-"));
  stores.push(store);
  const r = await runScript("scripts/chaos-jobs.ts", ["--host", "sim", "--seed", "1", "--store", store, ...args]);
  return { code: r.code, out: r.stdout, label: r.stdout + r.stderr };
};
/** A status line: time, health, leader, each of the 5 workers alive/dead with running/slots, open/total slots, the job. */
const STATUS = /^ +\d+\.\d\d s {2}(healthy|degraded) +leader (n\d|none) +(n\d (alive|dead ) \d\/2( \| )?){5} +open \d+\/10, tasks queued \d+ +job (not_started|in_progress|done) open \d+ running \d+ done \d+\/40$/;

describe("npm run chaos:jobs", () => {
  it("kills every node but one in turn (the leader among them), and the job-worker cluster finishes the job with the right result: exit 0", async () => {
    const r = await chaos([]);
    expect(r.code, r.label).toBe(0);
    const lines = r.out.split("\n");
    const status = lines.filter((l) => STATUS.test(l));
    expect(status.length, r.label).toBeGreaterThan(10);
    // Seen healthy with a leader, then degraded with the dead workers shown dead, and the job done on what is left.
    expect(status.some((l) => /healthy +leader n\d/.test(l)), r.label).toBe(true);
    expect(status.some((l) => /degraded .*dead .* job done open 0 running 0 done 40\/40$/.test(l)), r.label).toBe(true);
    for (const n of ["n0", "n1", "n2", "n3", "n4"]) expect(r.out, r.label).toMatch(new RegExp(`── kill ${n}\\b`));
    expect(r.out, r.label).toMatch(/── n3 is started again/);
    // --keep majority (the default): n0 and n4 stay dead, n1-n3 come back; never 3 of 5 dead at once.
    expect(r.out, r.label).toMatch(/── kill n4: n1, n2, n3 left/);
    expect(r.out, r.label).toMatch(/\(the leader at the last poll\)/);
    expect(r.out, r.label).toMatch(/result of job-1 from n\d: right \(\d+ words, \d+ distinct\); task_runs \d+ for 40 tasks/);
    expect(r.out, r.label).toMatch(/ {2}job {10}done with the right result, \d+\.\d\d s after its submit/);
    expect(r.out, r.label).toMatch(/ {2}leader kills n\d at \d+\.\d\d s, progress again after \d/);
    expect(r.out, r.label).toMatch(/ {2}exit 0$/m);
  });

  it("exits 1 against a node that forgets a dead worker's tasks, saying the job never finished", async () => {
    const r = await chaos(["--bin", "test/fixtures/nodes/forgetful-jobs.ts"]);
    expect(r.code, r.label).toBe(1);
    expect(r.out, r.label).toMatch(/ {2}job {10}NOT done with the right result/);
    expect(r.out, r.label).toMatch(/problem {6}the job did not finish with its right result fetched by the end of the run/);
    expect(r.out, r.label).toMatch(/unfinished {3}job job-1 \(chaos, 40 tasks, submitted op \d+\): last seen in_progress/);
    expect(r.out, r.label).toMatch(/ {2}exit 1$/m);
  });

  it("refuses bad arguments with exit 254", async () => {
    const r = await chaos(["--host", "cloud"]);
    expect(r.code, r.label).toBe(254);
    expect(r.label).toMatch(/chaos-jobs: --host must be sim or process, got "cloud"/);
  });
});
