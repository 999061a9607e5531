import { mkdtempSync, readFileSync, readlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runScript } from "../../helpers/run-script.js";

const maelstrom = async (args: string[]) => {
  const r = await runScript("scripts/maelstrom.ts", args);
  return { code: r.code, out: r.stdout, err: r.stderr };
};

describe("npm run maelstrom -- test", () => {
  it("runs the echo workload on three nodes and exits 0 with valid? true in store/latest", async () => {
    const store = mkdtempSync(join(tmpdir(), "cli-store-"));
    const r = await maelstrom(["test", "-w", "echo", "--bin", "nodes/echo.ts", "--node-count", "3", "--time-limit", "3", "--store", store, "--seed", "5"]);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toMatch(/echo, 3 nodes \(n0 n1 n2\)/);
    expect(r.out).toMatch(/seed 5 \(repeat this run's random choices with --seed 5\)/);
    expect(r.out).toMatch(/Everything looks good! \(valid\? true, exit 0\)/);
    const latest = join(store, readlinkSync(join(store, "latest")));
    expect(JSON.parse(readFileSync(join(latest, "results.json"), "utf8"))["valid?"]).toBe(true);
  });

  it.each([
    [["test", "-w", "echo", "--bin", "nodes/echo.ts", "--rate", "fast"], /--rate: expected a number >= 0, got "fast"/],
    [["test", "-w", "echo"], /--bin/],
    [["test", "-w", "lin-kv", "--bin", "nodes/lin-kv.ts", "--node-count", "3"], /--concurrency: lin-kv splits the client threads into groups of 2n = 6 .*got 3\. Pass --concurrency 2n/],
    [["test", "-w", "echo", "--bin", "nodes/echo.ts", "--nemesis", "clock"], /--nemesis/],
    [["frobnicate"], /unknown command "frobnicate"/],
  ])("exits 254 on bad arguments: %j", async (args, message) => {
    const r = await maelstrom(args);
    expect(r.code).toBe(254);
    expect(r.err).toMatch(message);
  });

  it("prints the option list on --help", async () => {
    const r = await maelstrom(["test", "--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/--nemesis-interval SECONDS/);
    expect(r.out).toMatch(/--seed N\s+\[\+\]/);
  });
});
