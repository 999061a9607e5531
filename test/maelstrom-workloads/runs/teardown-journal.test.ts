import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
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
  message: { id: number; src: string; dest: string; body: { type: string; at?: number } };
}

const isClient = (id: string) => id.startsWith("c");

/** The complete lines of the run's journal so far (the store holds one run). */
function readJournal(storeDir: string): Event[] {
  const runs = join(storeDir, "broadcast");
  const dirs = existsSync(runs) ? readdirSync(runs).filter((d) => existsSync(join(runs, d, "journal.jsonl"))) : [];
  if (dirs.length === 0) return [];
  const text = readFileSync(join(runs, dirs[0]!, "journal.jsonl"), "utf8");
  return text.slice(0, text.lastIndexOf("\n") + 1).split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as Event);
}

/** The gossip sent after the last read_ok, and whether each such send was also received. */
function lateGossip(journal: Event[]): { sends: Event[]; received: (e: Event) => boolean } {
  const lastReadOk = Math.max(...journal.filter((e) => e.type === "send" && e.message.body.type === "read_ok").map((e) => e.time));
  const sends = journal.filter((e) => e.type === "send" && e.time > lastReadOk && e.message.body.type === "gossip");
  const recvs = new Set(journal.filter((e) => e.type === "recv" && e.message.body.type === "gossip").map((e) => e.message.id));
  return { sends, received: (e) => recvs.has(e.message.id) };
}

/** The nodes that sent gossip after the final reads which the other node received. */
const lateSendersReceived = (journal: Event[]) => {
  const { sends, received } = lateGossip(journal);
  return [...new Set(sends.filter(received).map((e) => e.message.src))].sort();
};

/**
 * Whether each node has sent, at `since` or later, gossip that the other received, as far as
 * the journal file shows. The file is written in order (if behind), so once it holds those it
 * also holds every event from before `since`, the final reads included.
 */
const gossipSince = (journal: Event[], since: number) => {
  const recvs = new Set(journal.filter((e) => e.type === "recv").map((e) => e.message.id));
  const senders = journal.filter((e) => e.type === "send" && e.message.body.type === "gossip" && (e.message.body.at ?? 0) >= since && recvs.has(e.message.id)).map((e) => e.message.src);
  return new Set(senders).size;
};

describe("teardown keeps the journal open until the nodes are killed", () => {
  it("journals and counts gossip sent after the final reads", async () => {
    const storeDir = mkdtempSync(join(tmpdir(), "harness-store-"));
    const r = await runHarness(
      { workload: "broadcast", bin: "test/fixtures/broadcast/gossip-periodically.mjs", nodeCount: 2, timeLimit: 1, rate: 5, recoverySeconds: 0.5, seed: 5, storeDir },
      {
        // Maelstrom writes test.jepsen here; the final reads are done. The nodes gossip every 50 ms,
        // stamped with Date.now(): wait (up to 10 s, for a loaded machine) until each has sent one
        // from now on that the other received. Without late journaling none ever appears.
        beforeKill: async () => {
          const since = Date.now();
          const deadline = since + 10_000;
          while (Date.now() < deadline && gossipSince(readJournal(storeDir), since) < 2) await new Promise((res) => setTimeout(res, 20));
        },
      },
    );
    expect(r.exitCode, r.output).toBe(0);

    const journal: Event[] = readFileSync(join(r.dir, "journal.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    // Each node gossips to the other after the final reads: sent, and delivered to a node still alive.
    expect(lateSendersReceived(journal), `gossip after the final read_ok: ${JSON.stringify(lateGossip(journal).sends)}`).toEqual(["n0", "n1"]);

    // The net stats are computed over the whole journal, late gossip included.
    const servers = journal.filter((e) => !isClient(e.message.src) && !isClient(e.message.dest));
    const net = r.file("results.json").net.servers;
    expect(net["send-count"]).toBe(servers.filter((e) => e.type === "send").length);
    expect(net["recv-count"]).toBe(servers.filter((e) => e.type === "recv").length);
    expect(net["msg-count"]).toBe(new Set(servers.map((e) => e.message.id)).size);
  }, 60_000);
});
