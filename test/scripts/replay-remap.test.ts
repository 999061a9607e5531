// Pairing recorded replies with the replayed node's requests by position
// (scripts/replay/recorded-requests.ts and reply-remapper.ts), without a process.
import { describe, expect, it } from "vitest";
import { classifyInputLine, type SendLine } from "../../scripts/replay/input-line.js";
import { recordedRequests } from "../../scripts/replay/recorded-requests.js";
import { ReplyRemapper } from "../../scripts/replay/reply-remapper.js";
import { replyBeforeNextInput } from "../../scripts/replay/reply-timing.js";
import type { JournalEvent } from "../../scripts/replay/stored-run.js";

type Body = Record<string, unknown>;
const send = (src: string, dest: string, body: Body): JournalEvent => ({ type: "send", message: { src, dest, body } });
const recv = (src: string, dest: string, body: Body): JournalEvent => ({ type: "recv", message: { src, dest, body } });

// n1 reads twice from seq-kv, gossips to n2, is killed and starts again (msg_ids from 1 again).
const journal: JournalEvent[] = [
  recv("c0", "n1", { type: "init", msg_id: 1, node_id: "n1", node_ids: ["n1", "n2"] }),
  send("n1", "seq-kv", { type: "read", key: "a", msg_id: 1 }),
  send("n1", "seq-kv", { type: "read", key: "b", msg_id: 2 }),
  send("n1", "n2", { type: "gossip", msg_id: 3 }),
  send("n1", "c0", { type: "init_ok", msg_id: 4, in_reply_to: 1 }),
  recv("seq-kv", "n1", { type: "read_ok", value: 2, in_reply_to: 2 }),
  recv("n2", "n1", { type: "gossip_ok", in_reply_to: 3 }),
  recv("seq-kv", "n1", { type: "error", code: 20, in_reply_to: 1 }),
  // After a restart: msg_id 1 is a new request, its third read to seq-kv.
  send("n1", "seq-kv", { type: "read", key: "a", msg_id: 1 }),
  recv("seq-kv", "n1", { type: "read_ok", value: 5, in_reply_to: 1 }),
  // A reply to nothing the journal shows n1 sending.
  recv("seq-kv", "n1", { type: "read_ok", value: 9, in_reply_to: 77 }),
];

describe("recordedRequests", () => {
  it("names, for each message delivered to the node, the request it answers by type, destination and position", () => {
    const r = recordedRequests(journal, "n1");
    expect(r.origins).toEqual([
      undefined,
      { type: "read", to: "seq-kv", ordinal: 1, recordedMsgId: 2 },
      { type: "gossip", to: "n2", ordinal: 0, recordedMsgId: 3 },
      { type: "read", to: "seq-kv", ordinal: 0, recordedMsgId: 1 },
      { type: "read", to: "seq-kv", ordinal: 2, recordedMsgId: 1 },
      undefined,
    ]);
    // init_ok is a reply, not a request of n1's own.
    expect(Object.fromEntries(recordedRequests(journal, "n1").sentByType)).toEqual({ read: 3, gossip: 1 });
  });
});

describe("ReplyRemapper", () => {
  const delivered = journal.filter((e) => e.type === "recv").map((e) => JSON.stringify(e.message));
  const line = (lineNo: number): SendLine => {
    const c = classifyInputLine(delivered[lineNo - 1]!, lineNo, "n1");
    if (c.kind !== "send") throw new Error("not a message");
    return c.line;
  };
  const out = (dest: string, body: Body) => ({ src: "n1", dest, body });

  it("rewrites in_reply_to to the replayed node's k-th request, holds a reply until that request is sent, and keeps what it cannot match", () => {
    const { origins } = recordedRequests(journal, "n1");
    const m = new ReplyRemapper("n1", (n) => origins[n - 1]);
    expect(m.prepare(line(1))).toEqual({ send: line(1) });
    // The replayed node has sent one read so far (msg_id 10): the reply to the second waits.
    m.observe(out("seq-kv", { type: "read", key: "a", msg_id: 10 }));
    m.observe(out("c0", { type: "init_ok", msg_id: 11, in_reply_to: 1 }));
    const held = m.prepare(line(2));
    expect(held).toMatchObject({ held: { origin: { ordinal: 1 } }, sentSoFar: 1 });
    expect(m.release()).toEqual([]);
    m.observe(out("n2", { type: "gossip", msg_id: 12 }));
    m.observe(out("seq-kv", { type: "read", key: "b", msg_id: 13 }));
    const released = m.release();
    expect(released.map((l) => [l.lineNo, l.message!.body.in_reply_to, l.inReplyToWas])).toEqual([[2, 13, 2]]);
    expect(released[0]!.text).toBe('{"src":"seq-kv","dest":"n1","body":{"type":"read_ok","value":2,"in_reply_to":13}}');
    expect(m.prepare(line(3))).toMatchObject({ send: { message: { body: { type: "gossip_ok", in_reply_to: 12 } }, inReplyToWas: 3 } });
    expect(m.prepare(line(4))).toMatchObject({ send: { message: { body: { type: "error", in_reply_to: 10 } } } });
    // The third read is never sent: its reply stays held, and is reported as unmatched.
    expect(m.prepare(line(5))).toMatchObject({ held: { origin: { ordinal: 2 } }, sentSoFar: 2 });
    // Not a reply to anything n1 sent in the run: sent as recorded.
    expect(m.prepare(line(6))).toEqual({ send: line(6) });
    expect(m.remapped).toBe(3);
    expect(m.waited).toBe(1);
    expect(m.held.map((h) => h.line.lineNo)).toEqual([5]);
    expect(m.unmatched()).toMatchObject({ late: [], neverSent: [{ line: { lineNo: 5 } }] });
    // Sent at last (after replay stopped sending, say): now late, still held.
    m.observe(out("seq-kv", { type: "read", key: "a", msg_id: 14 }));
    expect(m.unmatched()).toMatchObject({ late: [{ line: { lineNo: 5 } }], neverSent: [] });
  });
});

describe("replyBeforeNextInput", () => {
  it("is false for a client request the node answered only after more input (its RPC's reply) or never, true otherwise", () => {
    const events: JournalEvent[] = [
      recv("c0", "n1", { type: "init", msg_id: 1, node_id: "n1", node_ids: ["n1"] }),
      send("n1", "c0", { type: "init_ok", in_reply_to: 1 }),
      // An add: n1 reads seq-kv first, and answers only after its reply.
      recv("c1", "n1", { type: "add", delta: 1, msg_id: 1 }),
      send("n1", "seq-kv", { type: "read", key: "k", msg_id: 2 }),
      recv("seq-kv", "n1", { type: "read_ok", value: 0, in_reply_to: 2 }),
      send("n1", "c1", { type: "add_ok", in_reply_to: 1 }),
      // Never answered.
      recv("c2", "n1", { type: "read", msg_id: 1 }),
      // Answered at once, and the last delivery.
      recv("c3", "n1", { type: "read", msg_id: 1 }),
      send("n1", "c3", { type: "read_ok", value: 1, in_reply_to: 1 }),
    ];
    expect(replyBeforeNextInput(events, "n1")).toEqual([true, false, true, false, true]);
  });
});
