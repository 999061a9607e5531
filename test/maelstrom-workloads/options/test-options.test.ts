import { describe, expect, it } from "vitest";
import { parseTestArgs } from "../../../maelstrom-workloads/options/parse-test-args.js";
import { defaultIo } from "../../../maelstrom-workloads/options/resolve-options.js";
import { testOptions } from "../../../maelstrom-workloads/options/test-options.js";

function parsed(argv: string[]) {
  // From the working folder, as testOptions takes them (the command line's default is where npm was started from).
  const r = parseTestArgs(argv, { ...defaultIo, baseDir: process.cwd() });
  if (!r.ok || r.help) throw new Error(`expected options for ${JSON.stringify(argv)}`);
  return r.options;
}

describe("testOptions: options given in code", () => {
  it("fills every default from the table, as the command line does", () => {
    expect(testOptions({ bin: "./node" })).toEqual(parsed(["--bin", "./node"]));
  });

  it("gives the same options as the equivalent command line", () => {
    const code = testOptions({
      bin: "b",
      binArgs: ["fast", "--period", "5"],
      workload: "broadcast",
      nodeCount: 4,
      node: ["x1", "x2"],
      concurrency: "2n",
      rate: 0.5,
      timeLimit: 2.5,
      latency: 100,
      latencyDist: "exponential",
      nemesis: ["partition"],
      nemesisInterval: 1,
      topology: "tree4",
      availability: "total",
      logStderr: true,
      seed: 9,
      storeDir: "out",
      consistencyModels: ["serializable"],
    });
    const cli = parsed([
      "--bin", "b", "-w", "broadcast", "--node-count", "4", "-n", "x1", "-n", "x2", "--concurrency", "2n", "--rate", "0.5", "--time-limit", "2.5",
      "--latency", "100", "--latency-dist", "exponential", "--nemesis", "partition", "--nemesis-interval", "1", "--topology", "tree4",
      "--availability", "total", "--log-stderr", "--seed", "9", "--store", "out", "--consistency-models", "serializable", "--", "fast", "--period", "5",
    ]);
    expect(code).toEqual(cli);
    expect(code).toMatchObject({ nodes: ["n0", "n1", "n2", "n3", "x1", "x2"], concurrency: 12, nemesis: ["partition"] });
  });

  it("treats undefined and an empty nemesis list as not given", () => {
    expect(testOptions({ bin: "b", seed: undefined, nemesis: [] })).toMatchObject({ seed: undefined, nemesis: [] });
  });

  it.each([
    [{ rate: 2_000_000 }, /^testOptions: --rate \(rate\): expected 0, or from 0\.000001 to 1000000 .*got 2000000$/],
    [{ rate: -1 }, /^testOptions: --rate \(rate\): expected a number >= 0, got -1$/],
    [{ nodeCount: 2.5 }, /^testOptions: --node-count \(nodeCount\): expected an integer from 1 to 10000, got 2\.5$/],
    [{ nodeCount: Number("x") }, /got NaN$/],
    [{ timeLimit: 2_500_000 }, /^testOptions: --time-limit \(timeLimit\): expected at most 2147483 .*24\.8 days/],
    [{ nemesis: ["clock"] }, /^testOptions: --nemesis \(nemesis\): expected a comma-separated list of faults from: partition, kill, pause, got \["clock"\]$/],
    [{ topology: "ring" }, /^testOptions: --topology \(topology\): expected one of line, grid/],
    [{ rate: "5" }, /^testOptions: --rate \(rate\): expected a number >= 0, got "5"$/],
    [{ logStderr: "yes" }, /^testOptions: --log-stderr \(logStderr\): expected true or false, got "yes"$/],
    [{ latencyDist: "uniform" }, /^testOptions: --latency-dist: expected constant when --latency is 0/],
    [{ node: ["c1"] }, /^testOptions: --node: node id "c1" starts with "c"/],
    [{ frobnicate: 1 }, /^testOptions: unknown option "frobnicate"; expected one of bin, workload/],
  ])("refuses %j, naming the option, the value and what is expected", (input, message) => {
    expect(() => testOptions({ bin: "b", ...(input as object) })).toThrow(message);
  });

  it("requires bin, as the command line does", () => {
    expect(() => testOptions({})).toThrow(/^testOptions: --bin: missing/);
  });
});
