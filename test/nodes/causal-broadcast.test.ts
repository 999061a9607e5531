import { describe, expect, it } from "vitest";
import type { CausalMessage } from "../../lib/causal/causal-buffer.js";
import { decodeMessages, encodeMessages } from "../../lib/causal/clock-deltas.js";
import { VectorClock } from "../../lib/causal/vector-clock.js";
import install from "../../nodes/causal-broadcast.js";
import { newNode } from "../helpers/test-node.js";

// nodes/causal-broadcast.ts on the wire: one node on an in-memory transport
// and a virtual clock; the test plays the clients and the other nodes.

type Body = Record<string, unknown>;
const IDS = ["n0", "n1", "n2", "n3"]; // n0 is the star's hub

/** Node `id` of IDS running the program with `args`, after init; `replyTo(msgId)` is the reply to a request, if any. */
function start(id = "n1", args: string[] = []) {
  const t = newNode();
  install(t.node, args);
  t.feed({ src: "c0", dest: id, body: { type: "init", node_id: id, node_ids: IDS, msg_id: 1 } });
  let next = 100;
  const request = (body: Body) => {
    const msgId = next++;
    t.feed({ src: "c1", dest: id, body: { ...body, msg_id: msgId } });
    return msgId;
  };
  const replyTo = (msgId: number) => t.out().find((m) => m.body.in_reply_to === msgId)?.body;
  /** Gossip from a peer carrying these messages (as that peer would encode them). */
  const gossip = (from: string, msgs: CausalMessage<unknown>[], seq = next++) => t.feed({ src: from, dest: id, body: { type: "gossip", seq, values: encodeMessages(msgs), acks: [] } });
  /** The messages this node has gossiped to `peer`, decoded. */
  const gossipedTo = (peer: string) =>
    t.out().filter((m) => m.dest === peer && m.body.type === "gossip").flatMap((m) => {
      const base = m.body.base as [string, number] | undefined;
      expect(base, "no base in this test: the receiver holds nothing of ours").toBeUndefined();
      const d = decodeMessages(m.body.values, () => undefined);
      if (!d.ok) throw new Error(d.error);
      return d.messages;
    });
  return { ...t, request, replyTo, gossip, gossipedTo };
}

const msg = (sender: string, seq: number, past: Record<string, number>, payload: unknown): CausalMessage<unknown> => ({ sender, seq, clock: VectorClock.of({ ...past, [sender]: seq }), payload });
const settle = () => new Promise((r) => setImmediate(r));

describe("the causal broadcast node on the wire", () => {
  it("answers without deps in exactly Maelstrom's reply shapes", () => {
    const t = start();
    const b = t.request({ type: "broadcast", message: 7 });
    const r = t.request({ type: "read" });
    const top = t.request({ type: "topology", topology: { n1: ["n2"] } });
    expect(t.replyTo(b)).toEqual({ type: "broadcast_ok", in_reply_to: b, msg_id: expect.any(Number) });
    expect(t.replyTo(r)).toEqual({ type: "read_ok", messages: [7], in_reply_to: r, msg_id: expect.any(Number) });
    expect(t.replyTo(top)).toEqual({ type: "topology_ok", in_reply_to: top, msg_id: expect.any(Number) });
  });

  it("with deps, answers with the token after the operation: this instance's count of broadcasts, and what it delivered", () => {
    const t = start();
    const b = t.request({ type: "broadcast", message: "hello", deps: {} });
    const ok = t.replyTo(b)!;
    expect(Object.keys(ok).sort()).toEqual(["clock", "in_reply_to", "msg_id", "type"]);
    const [self, count] = Object.entries(ok.clock as object)[0]!;
    expect(self).toMatch(/^n1\.[0-9a-z]{6}$/); // the node id and this instance's tag
    expect(count).toBe(1);
    t.gossip("n0", [msg("n2.aaaaaa", 1, {}, "from n2")]);
    const r = t.request({ type: "read", deps: ok.clock });
    expect(t.replyTo(r)).toEqual({ type: "read_ok", messages: ["hello", "from n2"], clock: { [self]: 1, "n2.aaaaaa": 1 }, in_reply_to: r, msg_id: expect.any(Number) });
  });

  it("lists messages in delivery order: one that arrives before what it depends on waits for it", () => {
    const t = start();
    const a = msg("n2.aaaaaa", 1, {}, "question");
    const b = msg("n3.bbbbbb", 1, { "n2.aaaaaa": 1 }, "answer");
    const c = msg("n3.bbbbbb", 2, { "n2.aaaaaa": 1 }, "follow-up");
    t.gossip("n0", [c]);
    t.gossip("n0", [b]);
    const r1 = t.request({ type: "read" });
    expect(t.replyTo(r1)!.messages).toEqual([]);
    t.gossip("n0", [a]);
    const r2 = t.request({ type: "read" });
    expect(t.replyTo(r2)!.messages).toEqual(["question", "answer", "follow-up"]);
    t.gossip("n0", [a, b]); // duplicates: nothing changes
    const r3 = t.request({ type: "read" });
    expect(t.replyTo(r3)!.messages).toEqual(["question", "answer", "follow-up"]);
  });

  it("a read with deps waits until this node has delivered what they cover", async () => {
    const t = start();
    const r = t.request({ type: "read", deps: { "n2.aaaaaa": 1 } });
    t.clock.advance(1000);
    expect(t.replyTo(r)).toBeUndefined();
    t.gossip("n0", [msg("n2.aaaaaa", 1, {}, "x")]);
    await settle();
    expect(t.replyTo(r)).toMatchObject({ type: "read_ok", messages: ["x"], clock: { "n2.aaaaaa": 1 } });
  });

  it("answers error 11 when deps are not delivered within the patience (4000 ms, or --deps-wait)", async () => {
    for (const [args, patience] of [[[], 4000], [["--deps-wait", "500"], 500]] as const) {
      const t = start("n1", [...args]);
      const r = t.request({ type: "read", deps: { "n2.aaaaaa": 2, "n3.bbbbbb": 1 } });
      const b = t.request({ type: "broadcast", message: "m", deps: { "n2.aaaaaa": 1 } });
      t.gossip("n0", [msg("n3.bbbbbb", 1, {}, "y")]); // half of what the read needs
      t.clock.advance(patience - 1);
      await settle();
      expect(t.replyTo(r)).toBeUndefined();
      t.clock.advance(1);
      await settle();
      expect(t.replyTo(r)).toMatchObject({ type: "error", code: 11, text: expect.stringMatching(new RegExp(`read: .* within ${patience} ms \\(missing n2\\.aaaaaa: 0/2\\)`)) });
      expect(t.replyTo(b)).toMatchObject({ type: "error", code: 11 });
      // Nothing was broadcast: a definite error.
      const after = t.request({ type: "read" });
      expect(t.replyTo(after)!.messages).toEqual(["y"]);
    }
  });

  it("a broadcast with deps waits for them, and its message depends on them everywhere", async () => {
    const t = start("n1");
    const b = t.request({ type: "broadcast", message: "reply", deps: { "n2.aaaaaa": 1 } });
    t.clock.advance(200);
    expect(t.replyTo(b)).toBeUndefined();
    expect(t.gossipedTo("n0")).toEqual([]); // nothing broadcast yet
    t.gossip("n0", [msg("n2.aaaaaa", 1, {}, "question")]);
    await settle();
    const ok = t.replyTo(b)!;
    expect(ok).toMatchObject({ type: "broadcast_ok", clock: { "n2.aaaaaa": 1 } });
    // A leaf hands a new message to the hub at once: its clock counts the question.
    const sent = t.gossipedTo("n0");
    expect(sent.map((m) => m.payload)).toEqual(["reply"]);
    expect(sent[0]!.clock.get("n2.aaaaaa")).toBe(1);
    expect(sent[0]!.clock.toJSON()).toEqual(ok.clock);
  });

  it("refuses a malformed token with error 12", () => {
    const t = start();
    for (const deps of [[], { n2: -1 }, "n2", null]) {
      const r = t.request({ type: "read", deps });
      expect(t.replyTo(r)).toMatchObject({ type: "error", code: 12, text: expect.stringMatching(/deps: .*vector clock/) });
    }
  });

  it("does not acknowledge a batch whose clocks are deltas from a message it does not hold, nor one it cannot read", () => {
    const t = start();
    t.feed({ src: "n0", dest: "n1", body: { type: "gossip", seq: 1, base: ["n2.aaaaaa", 4], values: encodeMessages([msg("n3.cccccc", 1, {}, "z")]), acks: [] } });
    t.feed({ src: "n0", dest: "n1", body: { type: "gossip", seq: 2, values: [["n3.cccccc", 1]], acks: [] } });
    t.clock.advance(10_000);
    const acks = t.out().filter((m) => m.dest === "n0" && m.body.type === "gossip").flatMap((m) => m.body.acks as number[]);
    expect(acks).toEqual([]);
    expect(t.replyTo(t.request({ type: "read" }))!.messages).toEqual([]);
    expect(t.logs.join("\n")).toMatch(/gossip from n0: messages that cannot be read \(message 0: expected \[sender, seq, payload\]/);
    // A readable batch is acknowledged.
    t.gossip("n0", [msg("n3.cccccc", 1, {}, "z")], 3);
    t.clock.advance(10_000);
    expect(t.out().filter((m) => m.dest === "n0" && m.body.type === "gossip").flatMap((m) => m.body.acks as number[])).toEqual([3]);
  });

  it("drops messages that claim to be this instance's but were never broadcast here", () => {
    const t = start();
    const own = Object.keys(t.replyTo(t.request({ type: "read", deps: {} }))!.clock as object);
    expect(own).toEqual([]); // nothing delivered yet
    const b = t.replyTo(t.request({ type: "broadcast", message: "mine", deps: {} }))!;
    const self = Object.keys(b.clock as object)[0]!;
    t.gossip("n0", [msg(self, 2, {}, "forged")]);
    expect(t.replyTo(t.request({ type: "read" }))!.messages).toEqual(["mine"]);
    expect(t.logs.join("\n")).toMatch(/claim to be this instance's/);
  });

  it("refuses bad arguments and prints its usage for --help", () => {
    const t = newNode();
    expect(() => install(t.node, ["--deps-wait", "0"])).toThrow(/--deps-wait: expected a whole number of milliseconds from 1/);
    expect(() => install(newNode().node, ["--nope"])).toThrow(/unknown option "--nope"/);
    expect(() => install(newNode().node, ["--help"])).toThrow(/usage: nodes\/causal-broadcast.ts/);
  });
});
