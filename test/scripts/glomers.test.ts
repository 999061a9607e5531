// Every Gossip Glomers challenge runs on the local harness with the flags fly.io gives, and this
// project's example node for it passes: on the simulator, each run shortened to 5 s (npm run glomers
// runs them at full length on processes).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadNodeProgram } from "../../lib/runtime/node-program.js";
import { parseTestArgs } from "../../maelstrom-workloads/options/parse-test-args.js";
import { defaultIo } from "../../maelstrom-workloads/options/resolve-options.js";
import { runConfigFrom } from "../../maelstrom-workloads/run/run-config.js";
import { runSim } from "../../maelstrom-workloads/sim/run-sim.js";
import { CHALLENGES } from "../../scripts/glomers/challenges.js";
import { ROOT } from "../helpers/run-harness.js";

const store = mkdtempSync(join(tmpdir(), "glomers-test-"));
afterAll(() => rmSync(store, { recursive: true, force: true }));

describe("the Gossip Glomers challenges, with fly.io's flags, on the simulator", () => {
  it("lists every challenge, 1 to 6c", () => {
    expect(CHALLENGES.map((c) => c.id)).toEqual(["1", "2", "3a", "3b", "3c", "3d", "3e", "4", "5a", "5b", "5c", "6a", "6b", "6c"]);
  });

  it.each(CHALLENGES.map((c) => [c.id, c] as const))("challenge %s: our node passes", async (_id, c) => {
    const argv = [...c.flags.replace(/--time-limit \S+/, "--time-limit 5").split(" "), "--bin", c.bin, "--store", store, "--seed", "1"];
    const parsed = parseTestArgs(argv, { ...defaultIo, baseDir: ROOT });
    if (!parsed.ok || parsed.help) throw new Error(parsed.ok ? "--help" : parsed.error);
    const outcome = await runSim({ ...runConfigFrom(parsed.options, argv), install: await loadNodeProgram(join(ROOT, c.bin)) }, () => {});
    expect(outcome.crash).toBeUndefined();
    expect(outcome.results?.["valid?"], `${c.id}: ${outcome.dir}`).toBe(true);
    expect(outcome.exitCode).toBe(0);
  });
});
