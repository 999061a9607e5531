import { describe, expect, it } from "vitest";
import { OURS_ONLY, TAKES_VALUE } from "../../../maelstrom-workloads/options/maelstrom-flags.js";
import { OPTIONS } from "../../../maelstrom-workloads/options/option-table.js";
import { testJsonOptions } from "../../../maelstrom-workloads/options/test-json-options.js";
import { testOptions } from "../../../maelstrom-workloads/options/test-options.js";
import { testInfoSchema } from "../../../maelstrom-workloads/model/store-format.js";

describe("the option table", () => {
  it("has one row per option: distinct keys and names", () => {
    const keys = OPTIONS.map((o) => o.key);
    const names = OPTIONS.flatMap((o) => ("short" in o && o.short ? [o.long, o.short] : [o.long]));
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(names).size).toBe(names.length);
  });

  it("says what each option means in the simulator, with a note wherever it differs", () => {
    for (const o of OPTIONS) if (o.sim.use !== "same") expect("note" in o.sim && o.sim.note.length > 0, o.long).toBe(true);
    const differs = Object.fromEntries(OPTIONS.filter((o) => o.sim.use !== "same").map((o) => [o.long, o.sim.use]));
    expect(differs).toEqual({ "--bin": "adapted", "--log-stderr": "adapted", "--leave-db-running": "none" });
  });
});

describe("the real-Maelstrom wrapper's flags, from the table", () => {
  it("drops exactly our options, each with its reason", () => {
    expect([...OURS_ONLY.keys()]).toEqual(["--sessions", "--membership-deadline", "--membership-period", "--loss", "--nemesis-targets", "--schedule", "--seed", "--store"]);
    for (const why of OURS_ONLY.values()) expect(why).toMatch(/Maelstrom/);
  });

  it("knows which options take a value, and that flags do not", () => {
    for (const o of ["--bin", "-w", "--workload", "--node-count", "-n", "--nodes-file", "--latency", "--nemesis", "--seed", "--store", "--username"]) expect(TAKES_VALUE.has(o), o).toBe(true);
    for (const o of ["--log-stderr", "--help", "-h", "--no-ssh", "--leave-db-running"]) expect(TAKES_VALUE.has(o), o).toBe(false);
  });
});

describe("testJsonOptions", () => {
  it("gives test.json's option keys, as the harness has always written them", () => {
    const o = testOptions({ bin: "/abs/node", binArgs: ["x"], workload: "broadcast", nodeCount: 2, nemesis: ["partition"], latency: 5, latencyDist: "uniform", seed: 3 });
    expect(testJsonOptions({ ...o, seed: 3 })).toEqual({
      bin: "/abs/node",
      "bin-args": ["x"],
      workload: "broadcast",
      sessions: "sticky",
      nodes: ["n0", "n1"],
      concurrency: 2,
      rate: 5,
      "time-limit": 60,
      latency: { mean: 5, dist: "uniform" },
      loss: 0,
      nemesis: ["partition"],
      "nemesis-interval": 10,
      "nemesis-targets": ["one", "minority", "majority"],
      topology: "grid",
      seed: 3,
    });
  });

  it("with the run's name, command line and start time, is a test.json the store format accepts", () => {
    const o = testOptions({ bin: "/abs/node", workload: "echo", seed: 1 });
    const info = { name: "echo", ...testJsonOptions({ ...o, seed: 1 }), argv: ["-w", "echo"], "start-time": new Date(0).toISOString() };
    expect(testInfoSchema.strict().parse(info)).toEqual(info);
  });
});
