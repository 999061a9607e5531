import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runHarness } from "../../helpers/run-harness.js";

describe("the harness judges echo nodes as Maelstrom does", () => {
  it("passes nodes/echo.ts, writing Maelstrom-shaped results, history, journal and node logs", async () => {
    const r = await runHarness({ workload: "echo", bin: "nodes/echo.ts" });
    expect(r.exitCode, r.output).toBe(0);
    const res = r.file("results.json");
    expect(res["valid?"]).toBe(true);
    expect(Object.keys(res).sort()).toEqual(["availability", "exceptions", "harness", "net", "stats", "valid?", "workload"]);
    expect(res.workload).toEqual({ "valid?": true, errors: [] });
    expect(res.stats["ok-count"]).toBeGreaterThan(10);
    // Echo traffic is all client traffic; init counts too: 2 messages per op plus 2 per node.
    expect(res.net.clients["msg-count"]).toBe(2 * res.stats.count + 2 * 3);
    expect(res.net.servers["msg-count"]).toBe(0);
    const history = readFileSync(join(r.dir, "history.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(history[0]).toMatchObject({ index: 0, type: "invoke", f: "echo", process: 0 });
    expect(history[0].value).toMatch(/^Please echo \d+$/);
    const journal = readFileSync(join(r.dir, "journal.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(journal[0]).toMatchObject({ id: 0, type: "send", message: { id: 0, src: "c0", body: { type: "init", msg_id: 1 } } });
    expect(existsSync(join(r.dir, "node-logs", "n2.log"))).toBe(true);
    expect(r.file("test.json")).toMatchObject({ workload: "echo", nodes: ["n0", "n1", "n2"], seed: 7, "exit-code": 0, crash: null });
    expect(r.output).toMatch(/Everything looks good!/);
  });

  it("runs a node written in another language (Python) the same way", async () => {
    const r = await runHarness({ workload: "echo", bin: "test/fixtures/echo/echo.py", timeLimit: 2 });
    expect(r.exitCode, r.output).toBe(0);
    expect(r.file("results.json").stats["ok-count"]).toBeGreaterThan(5);
  });

  it("fails a node that echoes the wrong payload", async () => {
    const r = await runHarness({ workload: "echo", bin: "test/fixtures/nodes/wrong-echo.ts" });
    expect(r.exitCode, r.output).toBe(1);
    const res = r.file("results.json");
    expect(res.workload["valid?"]).toBe(false);
    expect(res.workload.errors[0][0]).toBe("Expected a message with :echo");
    expect(r.output).toMatch(/Analysis invalid!/);
  });

  it("crashes the run (255) when a node exits early, naming it, its last words and its log", async () => {
    const r = await runHarness({ workload: "echo", bin: "test/fixtures/echo/exits-early.mjs", nodeCount: 2 });
    expect(r.exitCode, r.output).toBe(255);
    expect(r.crash).toMatch(/node n\d exited with status 0 during the run/);
    expect(r.crash).toMatch(/that is enough echoing/);
    expect(r.crash).toMatch(/node-logs\/n\d\.log/);
    expect(r.file("results.json")).toBeUndefined();
    expect(r.file("test.json")).toMatchObject({ "exit-code": 255 });
    expect(existsSync(join(r.dir, "history.jsonl"))).toBe(true);
  });

  it("stops routing a node's output after a line that is not JSON, and says so in the results", async () => {
    const r = await runHarness({ workload: "echo", bin: "test/fixtures/echo/garbage-after-init.mjs", nodeCount: 1, timeLimit: 1 });
    expect(r.exitCode, r.output).toBe(1); // no echo ever completes: stats invalid
    const res = r.file("results.json");
    expect(res.harness["output-stopped"]).toEqual([expect.objectContaining({ node: "n0", line: "echo node says hello", reason: expect.stringMatching(/not valid JSON/) })]);
    expect(res.stats["ok-count"]).toBe(0);
    expect(r.output).toMatch(/stops reading n0's stdout/);
  });

  it("crashes the run (255) when a binary does not exist", async () => {
    const r = await runHarness({ workload: "echo", bin: "nodes/no-such-node.ts" });
    expect(r.exitCode).toBe(255);
    expect(r.crash).toMatch(/--bin .*no-such-node\.ts: no such file/);
  });

  it("crashes the run (255) when a node does not answer init within 10 s", async () => {
    const r = await runHarness({ workload: "echo", bin: "test/fixtures/echo/silent.mjs", nodeCount: 1 });
    expect(r.exitCode).toBe(255);
    expect(r.crash).toMatch(/node n0 did not answer init: no reply from n0 to init .* within 10000 ms/);
    expect(r.crash).toMatch(/silent: I will not answer anything/);
  });
});
