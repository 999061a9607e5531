import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NetStats } from "../../../maelstrom-workloads/checkers/net-stats.js";
import { isClient, type JournalEvent } from "../../../maelstrom-workloads/model/journal-event.js";
import type { Op } from "../../../maelstrom-workloads/model/op.js";
import { installBroadcastProgram, simRun } from "../../helpers/sim-run.js";

/** The net checker as it was when the hosts kept the whole journal (before NetStats), plus drop counts where there were drops: the oracle. */
function wholeJournalNetStats(journal: readonly JournalEvent[], history: readonly Op[]) {
  const group = (es: readonly JournalEvent[]) => {
    const drops = es.filter((e) => e.type === "drop");
    const byWhy: Record<string, number> = {};
    for (const d of drops) byWhy[d.why] = (byWhy[d.why] ?? 0) + 1;
    return {
      "send-count": es.filter((e) => e.type === "send").length,
      "recv-count": es.filter((e) => e.type === "recv").length,
      "msg-count": new Set(es.map((e) => e.message.id)).size,
      ...(drops.length > 0 ? { "drop-count": drops.length, "drops-by-why": byWhy } : {}),
    };
  };
  const isC = (e: JournalEvent) => isClient(e.message.src) || isClient(e.message.dest);
  const all: Record<string, unknown> = group(journal);
  const clients = group(journal.filter(isC));
  const servers: Record<string, unknown> = group(journal.filter((e) => !isC(e)));
  const opCount = history.filter((op) => op.type === "invoke" && op.process !== "nemesis").length;
  if (opCount > 0) {
    all["msgs-per-op"] = (all["msg-count"] as number) / opCount;
    servers["msgs-per-op"] = (servers["msg-count"] as number) / opCount;
  }
  return { all, clients, servers, "valid?": true };
}

const endpoint = fc.constantFrom("c0", "c12", "n0", "n1", "n2", "lin-kv", "seq-kv", "cx");
const event = fc.record({ type: fc.constantFrom("send" as const, "recv" as const, "drop" as const), why: fc.constantFrom("loss" as const, "partition" as const, "down" as const), id: fc.nat(40), src: endpoint, dest: endpoint });
const op = fc.record({ type: fc.constantFrom("invoke" as const, "ok" as const, "fail" as const, "info" as const), process: fc.oneof(fc.nat(5), fc.constant("nemesis" as const)) });

describe("NetStats, fed event by event, gives what the whole-journal net checker gave", () => {
  it("on random journals and histories", () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 200 }), fc.array(op, { maxLength: 30 }), (evs, hops) => {
        const journal: JournalEvent[] = evs.map((e, i) => {
          const message = { id: e.id, src: e.src, dest: e.dest, body: { type: "x" } };
          return e.type === "drop" ? { id: i, time: i * 1000, type: e.type, why: e.why, message } : { id: i, time: i * 1000, type: e.type, message };
        });
        const history: Op[] = hops.map((o, index) => ({ index, time: index, type: o.type, process: o.process, f: "read", value: null }));
        const stats = new NetStats();
        for (const e of journal) stats.add(e);
        expect(stats.check(history)).toEqual(wholeJournalNetStats(journal, history));
        expect(stats.sends).toBe(journal.filter((e) => e.type === "send").length);
      }),
      { numRuns: 300 },
    );
  });

  it("on a simulated broadcast run under partition: results.json's net equals the checker over the journal.jsonl it wrote", async () => {
    const r = await simRun({ workloadName: "broadcast", install: installBroadcastProgram, nodeCount: 5, rate: 20, timeLimit: 6, latency: { mean: 50, dist: "exponential" }, nemesis: ["partition"], nemesisInterval: 1, seed: 5 });
    expect(r.exitCode, r.output).toBe(0);
    const journal: JournalEvent[] = r.text("journal.jsonl").trim().split("\n").map((l) => JSON.parse(l));
    const history: Op[] = r.text("history.jsonl").trim().split("\n").map((l) => JSON.parse(l));
    expect(journal.some((e) => e.type === "send" && !journal.some((x) => x.type === "recv" && x.message.id === e.message.id))).toBe(true); // partitions dropped some
    expect(journal.some((e) => e.type === "drop" && e.why === "partition")).toBe(true); // and journaled them
    expect(r.file("results.json").net).toEqual(wholeJournalNetStats(journal, history));
    expect(r.messages).toBe(journal.filter((e) => e.type === "send").length);
  });
});
