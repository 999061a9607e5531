import { describe, expect, it } from "vitest";
import { readTestJson } from "../../../maelstrom-workloads/model/store-format.js";

const info = {
  name: "echo",
  workload: "echo",
  bin: "/abs/nodes/echo.ts",
  "bin-args": [],
  nodes: ["n0", "n1"],
  concurrency: 2,
  rate: 5,
  "time-limit": 10,
  latency: { mean: 0, dist: "constant" },
  nemesis: ["partition"],
  "nemesis-interval": 10,
  topology: "grid",
  seed: 7,
  argv: ["test", "-w", "echo"],
  "start-time": "2026-11-21T12:00:00.000Z",
} as const;
const done = { ...info, status: "done", "exit-code": 0, crash: null } as const;
const { "bin-args": _b, seed: _s, ...withoutTwo } = done;
const { status: _st, ...old } = done;

describe("readTestJson", () => {
  const rows: Array<[string, string, { test: unknown; problems: Array<string | RegExp>; missing: string[]; shape?: string }]> = [
    ["a finished run", JSON.stringify(done), { test: done, problems: [], missing: [] }],
    ["a running run", JSON.stringify({ ...info, status: "running", pid: 42 }), { test: { ...info, status: "running", pid: 42 }, problems: [], missing: [] }],
    ["an interrupted run", JSON.stringify({ ...done, status: "interrupted", "exit-code": 130, interrupted: "SIGINT" }), { test: { ...done, status: "interrupted", "exit-code": 130, interrupted: "SIGINT" }, problems: [], missing: [] }],
    ["missing keys: listed, the rest kept", JSON.stringify(withoutTwo), { test: withoutTwo, problems: [], missing: ["bin-args", "seed"] }],
    ["an old test.json without status: read as it is", JSON.stringify(old), { test: old, problems: [], missing: [] }],
    ["unknown keys: ignored", JSON.stringify({ ...done, extra: { a: 1 } }), { test: done, problems: [], missing: [] }],
    [
      "wrong types: dropped, each named",
      JSON.stringify({ ...done, nodes: "n1 n2", pid: -3, status: "finished", "start-time": "yesterday", latency: { mean: 5 }, crash: 3, seed: 1.5 }),
      {
        test: (() => {
          const { nodes: _n, status: _x, "start-time": _t, latency: _l, crash: _c, seed: _d, ...rest } = done;
          return rest;
        })(),
        problems: [
          'test.json: "nodes" should be a list of strings, got "n1 n2"',
          'test.json: "latency" should be {"mean": a number >= 0, "dist": constant | uniform | exponential}, got {"mean":5}',
          'test.json: "seed" should be a whole number, got 1.5',
          'test.json: "start-time" should be a date and time (ISO 8601), got "yesterday"',
          'test.json: "status" should be running | done | crashed | interrupted, got "finished"',
          'test.json: "pid" should be a whole number > 0, got -3',
          'test.json: "crash" should be a string or null, got 3',
        ],
        missing: [],
      },
    ],
    ["a long bad value: clipped", JSON.stringify({ ...done, bin: ["x".repeat(200)] }), { test: (({ bin: _x, ...r }) => r)(done), problems: [/^test\.json: "bin" should be a string, got \["x{78}… \(204 characters\)$/], missing: [] }],
    [
      "a bad value with terminal escapes: shown escaped",
      JSON.stringify({ ...done, rate: "\u001b[31m\u009b2J\u2028" }),
      { test: (({ rate: _r, ...r }) => r)(done), problems: ['test.json: "rate" should be a number >= 0, got "\\u001b[31m\\u009b2J\\u2028"'], missing: [] },
    ],
    ["not JSON", "{\"nodes\": [", { test: null, problems: [/^test\.json is not valid JSON \(/], missing: [], shape: "not-json" }],
    ["an array", "[1]", { test: null, problems: ["test.json is not a JSON object (it holds an array)"], missing: [], shape: "not-an-object" }],
    ["null", "null", { test: null, problems: ["test.json is not a JSON object (it holds null)"], missing: [], shape: "not-an-object" }],
    ["a prototype key is not taken for a field", '{"__proto__": {"bin": "/evil"}, "nodes": ["n1"]}', { test: { nodes: ["n1"] }, problems: [], missing: Object.keys(info).filter((k) => k !== "nodes") }],
  ];
  it.each(rows)("%s", (_name, text, want) => {
    const got = readTestJson(text);
    expect(got.test).toEqual(want.test);
    expect(got.problems).toHaveLength(want.problems.length);
    want.problems.forEach((p, i) => (typeof p === "string" ? expect(got.problems[i]).toBe(p) : expect(got.problems[i]).toMatch(p)));
    expect(got.missing).toEqual(want.missing);
    expect(got.shape).toBe(want.shape ?? "object");
  });

  it("never throws, whatever the text", () => {
    for (const text of ["", "{", '"x"', "1e999", '{"nodes": null}', "\u0000", '{"latency": {"mean": -1, "dist": "nope"}}']) expect(() => readTestJson(text)).not.toThrow();
  });
});
