import { describe, expect, it } from "vitest";
import { runHarness } from "../../helpers/run-harness.js";

describe("the harness judges broadcast nodes as Maelstrom does", () => {
  it("passes a correct gossiping node through partitions, with a heal and final reads", async () => {
    const r = await runHarness({ workload: "broadcast", bin: "test/fixtures/broadcast/gossip.mjs", nodeCount: 5, nemesis: ["partition"], timeLimit: 4, seed: 11 });
    expect(r.exitCode, r.output).toBe(0);
    const res = r.file("results.json");
    expect(res.workload).toMatchObject({ "valid?": true, "lost-count": 0 });
    expect(res.workload["stable-count"]).toBe(res.workload["attempt-count"]);
    expect(res.net.servers["msgs-per-op"]).toBeGreaterThan(0);
    const history: Array<Record<string, unknown>> = (await import("node:fs")).readFileSync(`${r.dir}/history.jsonl`, "utf8").trim().split("\n").map((l: string) => JSON.parse(l));
    const nemesis = history.filter((o) => o.process === "nemesis");
    expect(nemesis[0]).toMatchObject({ f: "start-partition" }); // the first partition starts at once
    expect(nemesis.at(-1)).toMatchObject({ f: "stop-partition", value: "network-healed" });
    expect(history.filter((o) => o.final === true && o.type === "ok")).toHaveLength(5); // one final read per client thread
  });

  it("finds lost values in a node that never gossips", async () => {
    const r = await runHarness({ workload: "broadcast", bin: "test/fixtures/nodes/no-gossip.ts" });
    expect(r.exitCode, r.output).toBe(1);
    expect(r.file("results.json").workload["lost-count"]).toBeGreaterThan(0);
  });

  it("passes a forward-once node without a nemesis", async () => {
    const r = await runHarness({ workload: "broadcast", bin: "test/fixtures/nodes/forward-once.ts", nodeCount: 5, seed: 3 });
    expect(r.exitCode, r.output).toBe(0);
  });

  it("fails the same forward-once node under partitions", async () => {
    const r = await runHarness({ workload: "broadcast", bin: "test/fixtures/nodes/forward-once.ts", nodeCount: 5, nemesis: ["partition"], seed: 3 });
    expect(r.exitCode, `${r.label}\n${r.output}`).toBe(1);
    expect(r.file("results.json").workload["lost-count"]).toBeGreaterThan(0);
  });

  it("rejects a read_ok with an extra field, as Maelstrom's closed schemas do", async () => {
    const r = await runHarness({ workload: "broadcast", bin: "test/fixtures/nodes/extra-field.ts", timeLimit: 2 });
    expect(r.exitCode, r.output).toBe(1);
    const res = r.file("results.json");
    expect(res.stats["by-f"].read["ok-count"]).toBe(0);
    expect(res.exceptions.exceptions).toHaveLength(1); // every read failed the same way
    expect(res.exceptions.exceptions[0].class).toBe("MalformedResponse");
    expect(res.exceptions.exceptions[0].example.error).toMatch(/Malformed RPC response .*unexpected field\(s\) "count"/);
  });

  it("judges availability: a node that refuses half its reads passes at 0.5 and fails --availability total", async () => {
    const half = await runHarness({ workload: "broadcast", bin: "test/fixtures/nodes/flaky-reads.ts", timeLimit: 2, availability: 0.5 });
    expect(half.exitCode, half.output).toBe(0);
    const fraction = half.file("results.json").availability["ok-fraction"];
    expect(fraction).toBeGreaterThan(0.5);
    expect(fraction).toBeLessThan(1);
    const total = await runHarness({ workload: "broadcast", bin: "test/fixtures/nodes/flaky-reads.ts", timeLimit: 2, availability: "total" });
    expect(total.exitCode, total.output).toBe(1);
    const res = total.file("results.json");
    expect(res.availability["valid?"]).toBe(false);
    expect(res.workload["valid?"]).toBe(true); // nothing lost: only availability fails
    expect(res.stats["by-f"].read["fail-count"]).toBeGreaterThan(0);
  });
});
