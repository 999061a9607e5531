import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runHarness } from "../../helpers/run-harness.js";

/**
 * Issue 7, item 28: as under Maelstrom, whose journal stays open through client,
 * nemesis and node teardown, messages that nodes send after the final reads
 * and before they are killed are routed, journaled and counted in the net stats.
 */

interface Event {
  id: number;
  time: number;
  type: "send" | "recv";
  message: { id: number; src: string; dest: string; body: { type: string } };
}

const isClient = (id: string) => id.startsWith("c");

describe("teardown keeps the journal open until the nodes are killed", () => {
  it("journals and counts gossip sent after the final reads", async () => {
    const r = await runHarness(
      { workloadName: "broadcast", bin: "test/fixtures/broadcast/gossip-after-read.mjs", nodeCount: 2, timeLimit: 1, rate: 5, recoverySeconds: 0.5, seed: 5 },
      {
        // Maelstrom writes test.jepsen here; the fixture gossips 50 ms after each read.
        beforeKill: () => new Promise((res) => setTimeout(res, 400)),
      },
    );
    expect(r.exitCode, r.output).toBe(0);

    const journal: Event[] = readFileSync(join(r.dir, "journal.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const lastReadOk = Math.max(...journal.filter((e) => e.type === "send" && e.message.body.type === "read_ok").map((e) => e.time));
    const late = journal.filter((e) => e.time > lastReadOk && e.message.body.type === "gossip");
    // Each node gossips to the other after its final read: sent, and delivered to a node still alive.
    expect(late.filter((e) => e.type === "send").map((e) => e.message.src).sort(), `journal after the final read_ok: ${JSON.stringify(late)}`).toEqual(["n0", "n1"]);
    expect(late.filter((e) => e.type === "recv")).toHaveLength(2);

    // The net stats are computed over the whole journal, late gossip included.
    const servers = journal.filter((e) => !isClient(e.message.src) && !isClient(e.message.dest));
    const net = r.file("results.json").net.servers;
    expect(net["send-count"]).toBe(servers.filter((e) => e.type === "send").length);
    expect(net["recv-count"]).toBe(servers.filter((e) => e.type === "recv").length);
    expect(net["msg-count"]).toBe(new Set(servers.map((e) => e.message.id)).size);
  });
});
