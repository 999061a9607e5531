import { mkdtempSync, readFileSync, readlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runScript } from "../helpers/run-script.js";

const sim = async (args: string[]) => {
  const r = await runScript("scripts/sim.ts", args);
  return { code: r.code, out: r.stdout, err: r.stderr };
};
const store = () => mkdtempSync(join(tmpdir(), "sim-cli-store-"));

describe("npm run sim -- test", () => {
  it("runs echo on virtual time, prints the seed and exits 0 with valid? true in store/latest", async () => {
    const dir = store();
    const r = await sim(["test", "-w", "echo", "--bin", "nodes/echo.ts", "--node-count", "3", "--time-limit", "5", "--store", dir, "--seed", "5"]);
    expect(r.code, r.out + r.err).toBe(0);
    // The program by its absolute path: a relative --bin is taken from where the command was run.
    expect(r.out).toContain(`echo, 3 nodes (n0 n1 n2), program ${resolve("nodes/echo.ts")}, on virtual time`);
    expect(r.out).toMatch(/seed 5 \(repeat this run exactly with --seed 5\)/);
    expect(r.out).toMatch(/Everything looks good!/);
    const latest = join(dir, readlinkSync(join(dir, "latest")));
    expect(JSON.parse(readFileSync(join(latest, "results.json"), "utf8"))["valid?"]).toBe(true);
    expect(JSON.parse(readFileSync(join(latest, "test.json"), "utf8"))).toMatchObject({ seed: 5, status: "done", "exit-code": 0 });
  });

  it("without --seed, picks one and prints it, so the run can be repeated", async () => {
    const r = await sim(["test", "-w", "echo", "--bin", "nodes/echo.ts", "--node-count", "1", "--time-limit", "1", "--store", store()]);
    expect(r.code, r.out + r.err).toBe(0);
    const seed = /seed (\d+) \(repeat this run exactly with --seed \1\)/.exec(r.out);
    expect(seed, r.out).not.toBeNull();
  });

  it("exits 254 with a clear message for a binary that is not a node program (a Python node)", async () => {
    const r = await sim(["test", "-w", "echo", "--bin", "test/fixtures/echo/echo.py", "--time-limit", "1", "--store", store()]);
    expect(r.code, r.out + r.err).toBe(254);
    expect(r.err).toMatch(/sim test: --bin test\/fixtures\/echo\/echo\.py is not a node program written with lib\/ \(not a JavaScript or TypeScript module: \.py\); it can only run as a process: with the test command, not the simulator/);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.out).toBe("");
  });

  it.each([
    [["test", "-w", "echo", "--bin", "nodes/echo.ts", "--rate", "fast"], /--rate: expected a number >= 0, got "fast"/],
    [["test", "-w", "echo"], /--bin/],
    [["test", "-w", "lin-kv", "--bin", "nodes/lin-kv.ts", "--node-count", "3"], /--concurrency: lin-kv splits the client threads into groups of 2n = 6 .*got 3\. Pass --concurrency 2n/],
    [["test", "-w", "echo", "--bin", "nodes/no-such-node.ts"], /--bin nodes\/no-such-node\.ts: no such file/],
    [["test", "-w", "broadcast", "--bin", "test/fixtures/broadcast/gossip.mjs"], /gossip\.mjs is not a node program written with lib\/ \(no default export install\(node, args\)\); it can only run as a process/],
    [["frobnicate"], /unknown command "frobnicate"/],
    [[], /Usage: npm run sim/],
  ])("exits 254 on bad arguments: %j", async (args, message) => {
    const r = await sim(args);
    expect(r.code, r.out + r.err).toBe(254);
    expect(r.err + r.out).toMatch(message);
  });

  it("prints its usage and the option list on --help", async () => {
    const r = await sim(["test", "--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Usage: npm run sim -- test -w <workload> --bin <node program>/);
    expect(r.out).toMatch(/--nemesis-interval SECONDS/);
  });
});
