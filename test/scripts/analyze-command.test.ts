// `analyze [RUN_DIR]`: a stored run judged again gives the run's own results
// (byte for byte) and verdict, keeps the old results, rewrites the report, and
// refuses (exit 254, with the reason) bad arguments, folders that are not a
// finished run, and histories or journals with a line it cannot read.
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadNodeProgram } from "../../lib/runtime/node-program.js";
import { storedTest } from "../../scripts/maelstrom/analyze/stored-test.js";
import { PREVIOUS_RESULTS, runAnalyzeCommand } from "../../scripts/maelstrom/analyze-command.js";
import { ROOT } from "../helpers/run-harness.js";
import { installBroadcastProgram, simRun } from "../helpers/sim-run.js";

const scratch = mkdtempSync(join(tmpdir(), "analyze-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let good: Awaited<ReturnType<typeof simRun>>;
let faulty: Awaited<ReturnType<typeof simRun>>;
beforeAll(async () => {
  good = await simRun({ workloadName: "broadcast", install: installBroadcastProgram, bin: "nodes/broadcast.ts", seed: 11 });
  const dropsGossip = await loadNodeProgram(join(ROOT, "test/fixtures/nodes/drops-gossip.ts"));
  faulty = await simRun({ workloadName: "broadcast", install: dropsGossip, bin: "test/fixtures/nodes/drops-gossip.ts", nodeCount: 5, nemesis: ["partition"], seed: 1 });
  expect(good.exitCode, good.output).toBe(0);
  expect(faulty.exitCode, faulty.output).toBe(1);
});

let copies = 0;
/** A copy of a run's folder to change, as store/broadcast/<name> under a store of its own (with its latest link). */
function copyOf(dir: string): { store: string; run: string } {
  const store = join(scratch, `store-${++copies}`);
  const run = join(store, "broadcast", "20261202T000000.000+0000");
  mkdirSync(join(store, "broadcast"), { recursive: true });
  cpSync(dir, run, { recursive: true });
  symlinkSync("broadcast/20261202T000000.000+0000", join(store, "latest"));
  return { store, run };
}

async function analyze(argv: string[], baseDir = scratch) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAnalyzeCommand(argv, { out: (l) => out.push(l), err: (l) => err.push(l), baseDir });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const read = (path: string) => readFileSync(path, "utf8");

describe("analyze gives a stored run's own results again", () => {
  it("a changed results.json: rewritten byte for byte as the run wrote it, the changed one kept as results.previous.json, the verdict's change said", async () => {
    const { run } = copyOf(good.dir);
    const original = read(join(run, "results.json"));
    const forged = JSON.stringify({ workload: { "valid?": false, lost: [1, 2] }, "valid?": false });
    writeFileSync(join(run, "results.json"), forged);
    const r = await analyze([run]);
    expect(r.code, r.err).toBe(0);
    expect(read(join(run, "results.json"))).toBe(original);
    expect(read(join(run, PREVIOUS_RESULTS))).toBe(forged);
    expect(r.out).toContain("valid? false, now valid? true: the verdict changed");
    expect(r.out).toContain("Everything looks good! (valid? true, exit 0)");
    expect(r.out).toContain("broadcast, 3 nodes, seed 11");
    // the report is made from the new results
    expect(read(join(run, "report.html"))).toContain("valid? true");
    expect(r.out).toMatch(/report {7}.*report\.html \(\d+ files/);
  });

  it("a deleted results.json: the same bytes again (in the simulator the network is never late, so even the harness part is the same)", async () => {
    const { run } = copyOf(good.dir);
    const original = read(join(run, "results.json"));
    rmSync(join(run, "results.json"));
    const r = await analyze([run]);
    expect(r.code, r.err).toBe(0);
    expect(read(join(run, "results.json"))).toBe(original);
    expect(r.out).toContain("before       no results.json");
    expect(r.err).toContain('the "harness" part of results.json has the seed only');
  });

  it("the harness part (delivery lateness, stopped outputs: facts of the run, not in the store otherwise) is carried over from the old results.json", async () => {
    const { run } = copyOf(good.dir);
    const old = JSON.parse(read(join(run, "results.json"))) as Record<string, unknown>;
    const harness = { seed: 11, "delivery-lateness-ms": { count: 5, "0.5": 1, "0.99": 2, "1": 3 }, "output-stopped": [] };
    writeFileSync(join(run, "results.json"), JSON.stringify({ ...old, harness }));
    const r = await analyze([run]);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(read(join(run, "results.json"))).harness).toEqual(harness);
    expect(r.out).toContain("delivery lateness p99 2 ms, max 3 ms over 5 timed deliveries");
  });

  it("the faulty drops-gossip fixture under broadcast: invalid again, exit 1, whatever the stored results said", async () => {
    const { run } = copyOf(faulty.dir);
    const original = read(join(run, "results.json"));
    writeFileSync(join(run, "results.json"), JSON.stringify({ "valid?": true }));
    const r = await analyze([run]);
    expect(r.code, r.err).toBe(1);
    expect(read(join(run, "results.json"))).toBe(original);
    expect(r.out).toContain("Analysis invalid! (valid? false, exit 1)");
    expect(r.out).toContain("valid? true, now valid? false: the verdict changed");
  });

  it("finds the run: the store's latest by default (from the base folder), a store folder means its latest, -t -1 and -t 0 count the store's runs", async () => {
    const { store, run } = copyOf(good.dir);
    const base = join(store, "..");
    const name = store.slice(base.length + 1);
    expect((await analyze(["--store", name], base)).code).toBe(0);
    expect((await analyze([name], base)).out).toContain(`Analysing ${name}/broadcast/20261202T000000.000+0000`);
    expect((await analyze(["-t", "-1", `--store=${name}`], base)).code).toBe(0);
    expect((await analyze(["--test", "0", "--store", name], base)).code).toBe(0);
    expect((await analyze(["-t", run])).code).toBe(0);
  });
});

describe("analyze refuses, exit 254, with the reason", () => {
  it.each([
    [["--bogus"], 'unknown option "--bogus"'],
    [["a", "b"], 'give one run, got "b" as well'],
    [["-t"], "-t: missing value"],
    [["-t", "-1", "x"], 'give one run, got "x" as well'],
  ])("bad arguments %j", async (argv, message) => {
    const r = await analyze(argv);
    expect(r.code).toBe(254);
    expect(r.err).toContain(message);
  });

  it("no run: a missing folder, an empty store's latest, an index past the store's runs", async () => {
    const empty = mkdtempSync(join(scratch, "empty-"));
    expect(await analyze(["nowhere"], empty)).toMatchObject({ code: 254, err: expect.stringContaining("nowhere") });
    expect(await analyze([], empty)).toMatchObject({ code: 254, err: expect.stringContaining("no run to analyze") });
    const { store } = copyOf(good.dir);
    expect(await analyze(["-t", "3", "--store", store])).toMatchObject({ code: 254, err: expect.stringContaining("has 1 run; give 0 to 0") });
  });

  it("a folder that is not a run: no history.jsonl; a real Maelstrom run", async () => {
    const dir = mkdtempSync(join(scratch, "not-a-run-"));
    expect(await analyze([dir])).toMatchObject({ code: 254, err: expect.stringContaining("is not a run's folder: history.jsonl is missing") });
    writeFileSync(join(dir, "test.jepsen"), "");
    expect(await analyze([dir])).toMatchObject({ code: 254, err: expect.stringContaining("a run of the real Maelstrom") });
  });

  it.each([
    ["test.json is not JSON", (t: string) => t.slice(0, 10), "test.json is not valid JSON"],
    ["an unknown workload", (t: string) => t.replace('"workload": "broadcast"', '"workload": "no-such-workload"'), 'workload "no-such-workload" is not one this harness implements'],
    ["nodes of the wrong type", (t: string) => t.replace(/"nodes": \[[^\]]*\]/, '"nodes": 3'), 'test.json: "nodes" should be a list of strings, got 3'],
    ["no seed", (t: string) => t.replace(/"seed": \d+,/, ""), 'test.json has no "seed"'],
    ["a run still running", (t: string) => t.replace('"status": "done"', '"status": "running", "pid": 42'), "still running (pid 42)"],
    ["an interrupted run", (t: string) => t.replace('"status": "done"', '"status": "interrupted", "interrupted": "SIGINT"'), "interrupted by SIGINT: its history is not whole"],
    ["a bad --availability in the command line", (t: string) => t.replace('"argv": []', '"argv": ["--availability", "most"]'), '"argv" (the run\'s command line): --availability: expected'],
  ])("%s", async (_what, change, message) => {
    const { run } = copyOf(good.dir);
    writeFileSync(join(run, "test.json"), change(read(join(run, "test.json"))));
    const r = await analyze([run]);
    expect(r.err).toContain(message);
    expect(r.code).toBe(254);
  });

  it("a garbage line in history.jsonl is named, and nothing is judged or written", async () => {
    const { run } = copyOf(good.dir);
    const before = read(join(run, "results.json"));
    const lines = read(join(run, "history.jsonl")).split("\n");
    lines.splice(4, 0, "{garbage");
    writeFileSync(join(run, "history.jsonl"), lines.join("\n"));
    const r = await analyze([run]);
    expect(r.code).toBe(254);
    expect(r.err).toContain("history.jsonl line 5 is not an op: not JSON");
    expect(r.err).toContain("analyze judges a whole history");
    expect(read(join(run, "results.json"))).toBe(before);
    expect(r.out).toBe("");
  });

  it("an op out of place or of the wrong shape in history.jsonl, and a garbage line in journal.jsonl, are named", async () => {
    const { run } = copyOf(good.dir);
    const history = read(join(run, "history.jsonl")).split("\n");
    writeFileSync(join(run, "history.jsonl"), [history[0], history[2], ...history.slice(3)].join("\n"));
    expect((await analyze([run])).err).toContain('history.jsonl line 2 is not an op: "index" is 2, expected 1');
    writeFileSync(join(run, "history.jsonl"), [history[0], history[1]!.replace(/"type":"\w+"/, '"type":"maybe"'), ...history.slice(2)].join("\n"));
    expect((await analyze([run])).err).toContain('history.jsonl line 2 is not an op: "type" should be "invoke", "ok", "fail" or "info", got "maybe"');
    writeFileSync(join(run, "history.jsonl"), history.join("\n"));
    const journal = read(join(run, "journal.jsonl")).split("\n");
    journal[6] = '{"id":6,"time":1,"type":"send","message":"hello"}';
    writeFileSync(join(run, "journal.jsonl"), journal.join("\n"));
    const r = await analyze([run]);
    expect(r.code).toBe(254);
    expect(r.err).toContain('journal.jsonl line 7 is not a journal event: "message" should be');
  });
});

describe("the options test.json does not record come from the run's command line", () => {
  const test = (argv: string[]) => JSON.stringify({ workload: "broadcast", nodes: ["n0", "n1"], concurrency: 2, seed: 1, topology: "grid", latency: { mean: 0, dist: "constant" }, argv, status: "done" });
  it.each([
    [["-w", "broadcast", "--availability", "0.5"], 0.5],
    [["--availability=total", "--nodes-file", "gone.txt"], "total"],
    [["--bin", "--availability"], undefined], // --bin's value left out: --availability is an option, not its value
    [["--", "--availability", "0.5"], undefined], // after "--": the node program's arguments
  ])("%j: availability %s", (argv, availability) => {
    const t = storedTest(test(argv));
    expect("error" in t ? t.error : t.availability).toBe(availability);
  });
});

describe("the command lines", () => {
  const run = promisify(execFile);
  it("npm run maelstrom -- analyze DIR and npm run sim -- analyze --help", async () => {
    const { run: dir } = copyOf(faulty.dir);
    const tsx = join(ROOT, "node_modules/.bin/tsx");
    const r = await run(tsx, [join(ROOT, "scripts/maelstrom.ts"), "analyze", dir], { cwd: ROOT }).catch((e: { code: number; stdout: string }) => e);
    expect("code" in r ? r.code : 0).toBe(1);
    expect(r.stdout).toContain("Analysis invalid!");
    const help = await run(tsx, [join(ROOT, "scripts/sim.ts"), "analyze", "--help"], { cwd: ROOT });
    expect(help.stdout).toContain("Usage: npm run maelstrom -- analyze [RUN_DIR]");
  });
});
