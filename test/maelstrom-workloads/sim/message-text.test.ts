import { describe, expect, it } from "vitest";
import { MessageText } from "../../../maelstrom-workloads/sim/message-text.js";
import { installBroadcastProgram, simRun } from "../../helpers/sim-run.js";

describe("MessageText", () => {
  it("gives JSON.stringify of the message, made once for the same object asked again", () => {
    const t = new MessageText();
    const m = { id: 3, src: "n1", dest: "c2", body: { type: "read_ok", messages: [1, 2] } };
    expect(t.of(m)).toBe(JSON.stringify(m));
    let calls = 0;
    const counted = { toJSON: () => (calls++, { a: 1 }) };
    expect(t.of(counted)).toBe('{"a":1}');
    expect(t.of(counted)).toBe('{"a":1}');
    expect(calls).toBe(1);
    expect(t.of(m)).toBe(JSON.stringify(m)); // another object: made again
  });

  it("writes a BigInt as its exact digits, and throws on what JSON cannot carry (a cycle), as JSON.stringify does", () => {
    expect(new MessageText().of({ body: { n: 1152921504606846977n } })).toBe('{"body":{"n":1152921504606846977}}');
    const cycle: Record<string, unknown> = { n: 1n };
    cycle.self = cycle;
    expect(() => new MessageText().of({ body: cycle })).toThrow(/circular/);
  });

  it("a simulated run's journal.jsonl has JSON.stringify's bytes for every event (id, time, type, message)", async () => {
    const r = await simRun({ workloadName: "broadcast", install: installBroadcastProgram, nodeCount: 4, rate: 20, timeLimit: 3, latency: { mean: 20, dist: "uniform" }, seed: 4 });
    expect(r.exitCode, r.output).toBe(0);
    const lines = r.text("journal.jsonl").trim().split("\n");
    expect(lines.length).toBeGreaterThan(100);
    for (const line of lines) {
      const e = JSON.parse(line);
      expect(Object.keys(e)).toEqual(["id", "time", "type", "message"]);
      expect(line).toBe(JSON.stringify(e));
    }
  });
});
