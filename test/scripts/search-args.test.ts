import { describe, expect, it } from "vitest";
import { replayCommand } from "../../maelstrom-workloads/sim/search/replay-command.js";
import { parseSearchArgs } from "../../scripts/sim/search-args.js";

describe("parseSearchArgs", () => {
  it("takes the search's own options out and leaves the test's, in order, with the node program's arguments after --", () => {
    const r = parseSearchArgs(["-w", "broadcast", "--budget", "50", "--bin", "nodes/broadcast.ts", "--seed=7", "--shard", "2/8", "frugal", "--faults", "kill,kill,pause", "--rate", "10", "--", "--period", "200"]);
    expect(r).toMatchObject({
      ok: true,
      help: false,
      args: { budget: 50, seed: 7, shard: { index: 2, count: 8 }, faults: ["kill", "pause"], runSeed: undefined, testArgs: ["-w", "broadcast", "--bin", "nodes/broadcast.ts", "frugal", "--rate", "10", "--", "--period", "200"] },
    });
  });

  it("leaves everything after -- to the node program, even names of search options", () => {
    const r = parseSearchArgs(["-w", "echo", "--", "--budget", "3"]);
    expect(r).toMatchObject({ ok: true, args: { budget: 500, testArgs: ["-w", "echo", "--", "--budget", "3"] } });
  });

  it.each([
    [["--budget", "-1"], /^--budget: expected an integer from 1 to 100000000, got "-1"$/],
    [["--shard", "0/4"], /^--shard: expected I\/N/],
    [["--shard", "1-4"], /^--shard: expected I\/N/],
    [["--run-seed", "4294967296"], /^--run-seed: expected an integer from 0 to 4294967295/],
    [["--max-faults", "0"], /^--max-faults: expected an integer from 1 to 100/],
    [["--budget", "--rate"], /^--budget: missing value; expected N$/],
    [["--test-count", "2"], /^--test-count: each schedule is run once/],
    [["--nemesis-interval", "2"], /^--nemesis-interval: the search's faults come at the times it draws/],
  ])("refuses %j", (argv, message) => {
    const r = parseSearchArgs(argv);
    expect(r.ok).toBe(false);
    expect((r as { error: string }).error).toMatch(message);
  });

  it("answers -h or --help anywhere before --, even among bad arguments", () => {
    expect(parseSearchArgs(["--budget", "x", "-h"])).toEqual({ ok: true, help: true });
    expect(parseSearchArgs(["--help", "--budget", "x"])).toEqual({ ok: true, help: true });
    expect(parseSearchArgs(["--budget", "3", "--", "-h"])).toMatchObject({ ok: true, help: false });
  });
});

describe("replayCommand", () => {
  it("puts the run seed and the schedule before the node program's arguments", () => {
    expect(replayCommand("sim", ["-w", "broadcast", "--bin", "b.ts", "--", "--period", "2"], 9, "s.json")).toEqual(["npm", "run", "sim", "--", "test", "-w", "broadcast", "--bin", "b.ts", "--seed", "9", "--schedule", "s.json", "--", "--period", "2"]);
    expect(replayCommand("maelstrom", ["-w", "echo", "--bin", "e.ts"], 0, "s.json").join(" ")).toBe("npm run maelstrom -- test -w echo --bin e.ts --seed 0 --schedule s.json");
  });
});
