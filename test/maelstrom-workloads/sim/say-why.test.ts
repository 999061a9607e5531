import { describe, expect, it } from "vitest";
import dropsGossip from "../../fixtures/nodes/drops-gossip.js";
import extraField from "../../fixtures/nodes/extra-field.js";
import { installEcho, simRun } from "../../helpers/sim-run.js";
import type { Op } from "../../../maelstrom-workloads/model/op.js";

describe("the terminal says why a run is not valid", () => {
  it("drops-gossip: names each node whose final read lacked values, and the values, which its final read indeed lacked", async () => {
    const r = await simRun({ workloadName: "broadcast", install: dropsGossip, nodeCount: 3, rate: 20, timeLimit: 5, seed: 4 });
    expect(r.exitCode, r.output).toBe(1);
    const lines = r.output.split("\n");
    const header = lines.findIndex((l) => l.startsWith("  final reads  "));
    expect(header, r.output).toBeGreaterThan(0);
    expect(lines[header]).toMatch(/^ {2}final reads {2}3 nodes lacked known values$/);
    const ops: Op[] = r.text("history.jsonl").trim().split("\n").map((l) => JSON.parse(l));
    const finalRead = new Map(ops.filter((o) => o.final && o.type === "ok").map((o) => [`n${(o.process as number) % 3}`, o.value as number[]]));
    for (const l of lines.slice(header + 1, header + 4)) {
      const m = /^ {4}(n\d) lacks (\d+) values?: ([\d, ]+)(, \.\.\.)?$/.exec(l);
      expect(m, l).not.toBeNull();
      const [, node, count, shown] = m!;
      const values = shown!.split(", ").map(Number);
      expect(values.length).toBe(Math.min(10, Number(count)));
      for (const v of values) expect(finalRead.get(node!), `${node} ${v}`).not.toContain(v);
      expect(ops.some((o) => o.f === "broadcast" && o.type === "ok" && o.value === values[0])).toBe(true);
    }
    expect(r.file("results.json").workload["final-read-lacks"]).toHaveProperty("n0");
  });

  it("extra-field: the first exception, with how many ops ended in one, and the read that never completed ok", async () => {
    const r = await simRun({ workloadName: "broadcast", install: extraField, nodeCount: 2, timeLimit: 3 });
    expect(r.exitCode, r.output).toBe(1);
    expect(r.output).toMatch(/^ {2}exceptions {3}\d+ ops ended in an exception; the first, op \d+ \(read\): MalformedResponse: Malformed RPC response \{.*\}: unexpected field\(s\) "count"/m);
    expect(r.output).toMatch(/^ {2}stats {8}invalid: no read completed ok \(\d+ attempts?\)$/m);
    expect(r.output).toMatch(/^ {2}final reads {2}n0, n1 had no final read that completed ok$/m);
  });

  it("one node is '1 node'", async () => {
    const r = await simRun({ workloadName: "echo", install: installEcho, nodeCount: 1, timeLimit: 1 });
    expect(r.output).toMatch(/^maelstrom-nodes simulator: echo, 1 node \(n0\), /m);
  });
});
