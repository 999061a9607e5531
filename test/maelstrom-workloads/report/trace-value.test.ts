import { describe, expect, it } from "vitest";
import type { FaultSpan, JournalMessage } from "../../../maelstrom-workloads/report/report-types.js";
import { journalMessage } from "./journal-message.js";
import { traceValue } from "../../../maelstrom-workloads/report/trace-value.js";

const ms = 1e6;
let nextId = 0;
const msg = (src: string, dest: string, sendMs: number, recvMs: number | null, body: Record<string, unknown>, why?: string): JournalMessage => journalMessage(nextId++, src, dest, sendMs, recvMs, body, why);

const partition: FaultSpan = { kind: "partition", fromNs: 2 * ms, toNs: 20 * ms, nodes: ["n3", "n4"], label: "n3 n4 | n1 n2" };
const kill: FaultSpan = { kind: "kill", fromNs: 0, toNs: 1 * ms, nodes: ["n2"], label: "n2" };

/** 7 reaches n1 (from a client) and n2; both gossips to n3 and n4 are dropped by the partition. */
const run: JournalMessage[] = [
  msg("c1", "n1", 1, 1, { type: "broadcast", message: 7, msg_id: 1 }),
  msg("n1", "c1", 1, 1, { type: "broadcast_ok", in_reply_to: 1 }),
  msg("n1", "n2", 3, 4, { type: "gossip", messages: [7, 9], msg_id: 7 }),
  msg("n1", "n3", 3, null, { type: "gossip", messages: [7], msg_id: 8 }, "partition"),
  msg("n1", "n4", 3, null, { type: "gossip", messages: [7], msg_id: 9 }, "partition"),
  // numbered 7 but not carrying it; "7" is another value
  msg("n2", "n1", 5, 6, { type: "gossip_ok", msg_id: 7, in_reply_to: 7 }),
  msg("c2", "n3", 6, 7, { type: "broadcast", message: "7", msg_id: 7 }),
  msg("n3", "n4", 8, 9, { type: "gossip", messages: [9], msg_id: 1 }),
];

describe("traceValue", () => {
  it("finds the messages that carried a value, the nodes that never got it, and the partition in force", () => {
    const r = traceValue(run, 7, [kill, partition]);
    expect(r.carriers).toEqual([0, 2, 3, 4]);
    expect(r.deliveredTo).toEqual(["n1", "n2"]);
    expect(r.neverDelivered).toEqual(["n3", "n4"]);
    expect(r.notPassedOn).toEqual(["n2"]);
    expect(r.last).toEqual({ index: 4, atNs: 4 * ms, delivered: false, why: "partition" });
    expect(r.faultsAtLast).toEqual([partition]);
    const text = r.lines.join("\n");
    expect(text).toContain("4 messages carried 7 (broadcast, gossip), the first a broadcast c1 → n1 sent at 0.001 s.");
    expect(text).toContain("Never delivered to n3, n4.");
    expect(text).toContain("n3: 1 message carrying it was sent to it (from n1), none delivered (dropped: partition)");
    expect(text).toContain("Faults on n4 when they were sent: partition n3 n4 | n1 n2 (0.002 s to 0.020 s).");
    expect(text).toContain("n2 received it but never sent it on");
    expect(text).toContain("Last seen at 0.004 s: gossip #4 n1 → n4, never delivered (partition).");
    expect(text).toContain("Faults in force then: partition n3 n4 | n1 n2");
    expect(text).not.toContain("kill");
  });

  it("matches values as JSON anywhere in a body but never the envelope's msg_id or in_reply_to", () => {
    expect(traceValue(run, "7", []).carriers).toEqual([6]);
    expect(traceValue(run, 9, []).carriers).toEqual([2, 7]);
    const nested = [msg("n1", "n2", 0, 1, { type: "txn", txn: [["r", { k: [1, 2] }, null]] })];
    expect(traceValue(nested, { k: [1, 2] }, []).carriers).toEqual([0]);
    expect(traceValue(nested, [1, 2], []).carriers).toEqual([0]);
    expect(traceValue(nested, { k: [2, 1] }, []).carriers).toEqual([]);
    expect(traceValue(nested, "txn", []).carriers).toEqual([]); // the type is not searched
  });

  it("says so when no message carried the value, and counts a node that sent it as having it", () => {
    const none = traceValue(run, 12345, [partition]);
    expect(none.carriers).toEqual([]);
    expect(none.last).toBeNull();
    expect(none.lines).toEqual(['No message carried 12345. (Values compare as JSON: 7 and "7" differ.)']);
    // n1 sent 9 without receiving it (it had it), n5 never saw it, c1 is a client
    const all = traceValue(run, 9, [], ["n1", "n2", "n4", "n5", "c1"]);
    expect(all.neverDelivered).toEqual(["n5"]);
    expect(all.lines.join("\n")).toContain("n5: no message carrying 9 was ever sent to it.");
    expect(traceValue(run, 9, [], ["n1", "n2", "n4"]).lines).toContain("Every node got it.");
  });
});
