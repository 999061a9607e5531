import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseFaultSchedule } from "../../../maelstrom-workloads/nemesis/fault-schedule.js";
import { FINDINGS_KIND, parseFindings, type SearchFindings } from "../../../maelstrom-workloads/sim/search/findings.js";
import { runScript } from "../../helpers/run-script.js";

const sim = (args: string[]) => runScript("scripts/sim.ts", args);
const store = () => mkdtempSync(join(tmpdir(), "search-cli-"));
const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
const TEST = ["-w", "broadcast", "--bin", "test/fixtures/nodes/forward-once.ts", "--node-count", "5", "--time-limit", "30", "--rate", "10"];

describe("npm run sim -- search", () => {
  it("finds, shrinks and prints a schedule whose printed replay command gives the same invalid run, byte for byte", { timeout: 60_000 }, async () => {
    const dir = store();
    const r = await sim(["search", ...TEST, "--store", dir, "--seed", "1", "--workers", "2"]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^Found an invalid run at case \d+, after \d+ runs \(run seed \d+\): workload invalid/m);
    expect(r.stdout).toMatch(/^Shrunk from \d+ faults? to 1 fault in \d+ runs:\n {2}t=\d+(\.\d+)?s partition one /m);
    expect(r.stdout).toMatch(/^Replayed in the simulator: invalid, the same history\.jsonl byte for byte/m);
    const command = /^Replay it exactly, on virtual time:\n {2}npm run sim -- (test .*)$/m.exec(r.stdout);
    expect(command, r.stdout).not.toBeNull();
    const args = command![1]!.split(" ");
    const scheduleFile = args[args.indexOf("--schedule") + 1]!;
    expect(r.stdout).toContain(`npm run maelstrom -- ${command![1]}`);
    const findings: SearchFindings = parseFindings(readFileSync(join(scheduleFile, "../findings.json"), "utf8"), "findings.json");
    expect(parseFaultSchedule(readFileSync(scheduleFile, "utf8"), scheduleFile).faults).toEqual(findings.finding!.schedule.faults);

    const replay = await sim(args);
    expect(replay.code, replay.stdout + replay.stderr).toBe(1);
    expect(replay.stdout).toMatch(/Analysis invalid!/);
    const latest = join(dir, readlinkSync(join(dir, "latest")));
    expect(sha256(join(latest, "history.jsonl"))).toBe(findings.finding!.historySha256);
    expect(JSON.parse(readFileSync(join(latest, "test.json"), "utf8"))).toMatchObject({ seed: findings.finding!.runSeed, "exit-code": 1 });
  });

  it("exits 0 when nothing fails within the budget, and writes findings with no finding", { timeout: 60_000 }, async () => {
    const dir = store();
    const findingsFile = join(dir, "f.json");
    const r = await sim(["search", "-w", "echo", "--bin", "nodes/echo.ts", "--node-count", "3", "--time-limit", "5", "--store", dir, "--seed", "3", "--budget", "12", "--workers", "2", "--faults", "partition,loss", "--findings", findingsFile]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^No failing run in 12 runs/m);
    const f = parseFindings(readFileSync(findingsFile, "utf8"), findingsFile);
    expect(f).toMatchObject({ runs: 12, finding: null, search: { seed: 3, budget: 12, faults: ["partition", "loss"], shard: { index: 1, count: 1 } } });
  });

  it.each([
    [["--budget", "0"], /--budget: expected an integer from 1 to 100000000, got "0"/],
    [["--shard", "3/2"], /--shard: expected I\/N with 1 <= I <= N <= 100000, such as 2\/8 \(shard 2 of 8\), got "3\/2"/],
    [["--faults", "partition,meteor"], /--faults: expected a comma-separated list of partition, kill, pause, loss, latency; "meteor" is none of them/],
    [["--faults", "latency"], /--faults latency: a latency fault multiplies --latency, which is 0 here/],
    [["--nemesis", "partition"], /--nemesis: the search draws its own faults; choose their kinds with --faults/],
    [["--schedule", "s.json"], /--schedule: the search writes schedules; to run one, use npm run sim -- test --schedule FILE/],
    [["--rate", "fast"], /--rate: expected a number >= 0, got "fast"/],
    [["--workers"], /--workers: missing value; expected K/],
    [["--findings", "/nonexistent-dir/f.json"], /--findings \/nonexistent-dir\/f\.json: cannot write it \(ENOENT\)/],
    [["--node-count", "1", "--faults", "kill", "--nemesis-targets", "minority"], /--nemesis-targets minority: with 1 node that hits no node/],
  ])("exits 254 on bad arguments: %j", { timeout: 30_000 }, async (extra, message) => {
    const r = await sim(["search", ...TEST, "--store", store(), ...extra]);
    expect(r.code, r.stdout + r.stderr).toBe(254);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/^sim search: /);
  });
});

/** A findings file as a shard writes it, with or without a finding of `faults` kills. */
function findings(shard: number, count: number, faults: number, caseNumber = shard - 1): SearchFindings {
  const kill = (i: number) => ({ atMs: 100 * i, forMs: 100, kind: "kill" as const, nodes: ["n1"] });
  return {
    kind: FINDINGS_KIND,
    version: 1,
    search: { workload: "broadcast", bin: "nodes/broadcast.ts", testArgs: ["-w", "broadcast", "--bin", "nodes/broadcast.ts", "--", "frugal"], seed: 4, shard: { index: shard, count }, budget: 10, runSeed: null, faults: ["kill"], targets: ["one"], maxFaults: 6 },
    runs: 10,
    shrinkRuns: faults ? 5 : 0,
    wallMs: 100,
    finding: faults ? { case: caseNumber, runSeed: 1000 + shard, exitCode: 1, why: "workload invalid (1 lost: [3])", schedule: { version: 1, faults: Array.from({ length: faults }, (_, i) => kill(i)) }, original: { version: 1, faults: [kill(0), kill(1), kill(2), kill(3)] }, historySha256: "ab" } : null,
  };
}

describe("npm run sim -- search-merge", () => {
  it("merges shards' findings: counts the runs, names missing shards, and writes and prints the smallest failing schedule with its replay command", { timeout: 30_000 }, async () => {
    const dir = store();
    const files = [findings(1, 4, 3), findings(2, 4, 0), findings(4, 4, 1)].map((f, i) => {
      const file = join(dir, `shard-${i}.json`);
      writeFileSync(file, JSON.stringify(f));
      return file;
    });
    const r = await sim(["search-merge", "--store", dir, ...files]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^3 findings files \(seed 4, shards of 4; missing shard 3\): 30 runs and 10 shrinking runs in all; 2 found a failing run\.$/m);
    expect(r.stdout).toMatch(/The smallest failing schedule, from .*shard-2\.json \(case 3, run seed 1004, invalid: workload invalid \(1 lost: \[3\]\)\):\n {2}t=0s kill n1 for 0\.1s\n/);
    const scheduleFile = /^Schedule: (.*)$/m.exec(r.stdout)![1]!;
    expect(parseFaultSchedule(readFileSync(scheduleFile, "utf8"), scheduleFile).faults).toEqual(findings(4, 4, 1).finding!.schedule.faults);
    // The replay's options go before the node program's arguments (after --).
    expect(r.stdout).toContain(`npm run sim -- test -w broadcast --bin nodes/broadcast.ts --seed 1004 --schedule ${scheduleFile} -- frugal`);
  });

  it("exits 0 when no shard found anything, and 254 for a file that is not a findings file, another test's or another search's, or a shard given twice", { timeout: 30_000 }, async () => {
    const dir = store();
    const write = (name: string, v: unknown) => (writeFileSync(join(dir, name), typeof v === "string" ? v : JSON.stringify(v)), join(dir, name));
    const none = await sim(["search-merge", "--store", dir, write("a.json", findings(1, 2, 0)), write("b.json", findings(2, 2, 0))]);
    expect(none.code, none.stdout + none.stderr).toBe(0);
    expect(none.stdout).toMatch(/all present\): 20 runs and 0 shrinking runs in all; 0 found a failing run\.\nNo shard found a failing run\./);
    const bad = await sim(["search-merge", write("c.json", { kind: "something else" })]);
    expect(bad.code).toBe(254);
    expect(bad.stderr).toMatch(/c\.json: kind: expected "maelstrom-nodes search findings"/);
    const other = findings(2, 2, 1);
    other.search.testArgs = ["-w", "echo"];
    const mixed = await sim(["search-merge", write("d.json", findings(1, 2, 1)), write("e.json", other)]);
    expect(mixed.code).toBe(254);
    expect(mixed.stderr).toMatch(/e\.json is from a search of another test/);
    const twice = await sim(["search-merge", write("f.json", findings(1, 2, 1)), join(dir, "f.json")]);
    expect(twice.code).toBe(254);
    expect(twice.stderr).toMatch(/f\.json and .*f\.json are both shard 1\/2; give each shard's findings once/);
    const reseeded = findings(2, 2, 0);
    reseeded.search.seed = 5;
    const otherSearch = await sim(["search-merge", write("g.json", findings(1, 2, 0)), write("h.json", reseeded)]);
    expect(otherSearch.code).toBe(254);
    expect(otherSearch.stderr).toMatch(/h\.json is from another search \(seed 5, 2 shards/);
    const empty = await sim(["search-merge"]);
    expect(empty.code).toBe(254);
  });
});
