// --loss on the process host: one short broadcast run of real node processes
// (a fixture that gossips all it has every 50 ms, about 500 server messages)
// whose journal.jsonl shows drops with why "loss" at a plausible rate.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { JournalEvent } from "../../../maelstrom-workloads/model/journal-event.js";
import { runHarness } from "../../helpers/run-harness.js";

const isServer = (e: JournalEvent) => !e.message.src.startsWith("c") && !e.message.dest.startsWith("c");

describe("--loss on processes", () => {
  it("drops server-to-server messages at a rate within 4 standard deviations of P, journaled with why loss, and never client messages", async () => {
    const P = 0.2;
    const r = await runHarness({ workload: "broadcast", bin: "test/fixtures/broadcast/gossip-periodically.mjs", nodeCount: 3, timeLimit: 3, rate: 20, latency: 5, loss: P, seed: 21 });
    // Every 50 ms each node sends each other one all it has, so nothing is lost for good.
    expect(r.exitCode, `${r.label}\n${r.output}`).toBe(0);
    const journal: JournalEvent[] = readFileSync(join(r.dir, "journal.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const sent = journal.filter((e) => e.type === "send" && isServer(e)).length;
    const drops = journal.filter((e) => e.type === "drop");
    expect(sent, r.label).toBeGreaterThan(300);
    expect(drops.every((e) => e.type === "drop" && e.why === "loss" && isServer(e))).toBe(true);
    const sd = Math.sqrt(sent * P * (1 - P));
    expect(Math.abs(drops.length - sent * P), `${drops.length} of ${sent} server messages lost (${r.label})`).toBeLessThan(4 * sd);
    // Every client message was delivered.
    const clientSends = journal.filter((e) => e.type === "send" && !isServer(e)).length;
    expect(journal.filter((e) => e.type === "recv" && !isServer(e)).length).toBe(clientSends);
    expect(r.file("results.json").net.servers["drops-by-why"]).toEqual({ loss: drops.length });
  });
});
