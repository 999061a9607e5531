import { describe, expect, it } from "vitest";
import { PRESETS } from "../../../lib/broadcast/broadcast-settings.js";
import type { Node } from "../../../lib/runtime/node.js";
import installReal from "../../../nodes/broadcast.js";
import installFixture from "../../fixtures/nodes/no-restart-handling.js";
import { newNode } from "../../helpers/test-node.js";
import { broadcastCluster } from "./broadcast-cluster.js";

// Restart handling of the broadcast node: a peer that comes back under a new
// incarnation (it was killed and started again, empty) is sent every value
// again. test/fixtures/nodes/no-restart-handling.ts is the same program with
// exactly that taken out; each test runs both and shows where they differ.

const programs = { real: installReal, fixture: installFixture } as const;
const frugal = PRESETS.frugal!;
type Gossip = { seq?: number; values: number[]; acks: number[]; inc?: number; to_inc?: number };

/** Hub n0 of n0, n1, n2 (frugal), answering on the wire; `gossipTo(peer)` lists what it sent that peer since the last call. */
function hub(install: (node: Node, args: readonly string[]) => void) {
  const t = newNode({ random: () => 0.3 });
  install(t.node, []);
  t.feed({ src: "c0", dest: "n0", body: { type: "init", node_id: "n0", node_ids: ["n0", "n1", "n2"], msg_id: 1 } });
  let seen = 0;
  const gossipTo = (peer: string): Gossip[] => {
    const out = t.out().slice(seen);
    seen = t.out().length;
    return out.filter((m) => m.dest === peer && m.body.type === "gossip").map(({ body: { msg_id: _, ...b } }) => b as unknown as Gossip);
  };
  const fromPeer = (peer: string, body: Partial<Gossip>) => t.feed({ src: peer, dest: "n0", body: { type: "gossip", values: [], acks: [], ...body } });
  return { ...t, gossipTo, fromPeer };
}

describe.each(Object.keys(programs) as Array<keyof typeof programs>)("the %s broadcast node on the wire", (which) => {
  const real = which === "real";

  it(real ? "sends a peer that comes back under a new incarnation every value again" : "sends a restarted peer nothing of what it held before", () => {
    const t = hub(programs[which]);
    t.feed({ src: "c1", dest: "n0", body: { type: "broadcast", message: 1, msg_id: 2 } });
    t.feed({ src: "c1", dest: "n0", body: { type: "broadcast", message: 2, msg_id: 3 } });
    t.clock.advance(frugal.periodMs);
    const [first] = t.gossipTo("n1");
    expect(first).toMatchObject({ seq: 1, values: [1, 2] });
    const ours = first!.inc;
    expect(ours === undefined).toBe(!real); // only the real node says who it is
    // n1 (incarnation 5) acknowledges; so does n2. Then all is quiet.
    t.fromPeer("n1", { acks: [1], inc: 5, to_inc: ours });
    t.fromPeer("n2", { acks: [1], inc: 7, to_inc: ours });
    t.clock.advance(10_000);
    expect(t.gossipTo("n1")).toEqual([]);
    // n1 is killed and started again: empty, incarnation 6, it greets the hub with a batch to acknowledge.
    t.fromPeer("n1", { seq: 1, inc: 6 });
    t.clock.advance(frugal.ackDelayMs + frugal.periodMs);
    const after = t.gossipTo("n1");
    if (real) {
      expect(after).toEqual([{ type: "gossip", seq: 2, values: [1, 2], acks: [1], inc: ours, to_inc: 6 }]);
      expect(t.logs.join("")).toMatch(/n1 has a new incarnation \(5 -> 6\)/);
    } else {
      expect(after).toEqual([{ type: "gossip", values: [], acks: [1] }]); // the greeting is acknowledged, and that is all
    }
    expect(t.gossipTo("n2")).toEqual([]); // n2 did not restart: nothing for it either way
  });

  it(real ? "is not misled by a late message from the peer's old instance" : "(fixture) keeps believing the old instance", () => {
    const t = hub(programs[which]);
    t.feed({ src: "c1", dest: "n0", body: { type: "broadcast", message: 1, msg_id: 2 } });
    t.clock.advance(frugal.periodMs);
    const ours = t.gossipTo("n1")[0]!.inc;
    t.fromPeer("n1", { acks: [1], inc: 5, to_inc: ours });
    t.fromPeer("n1", { seq: 1, inc: 6 }); // the restart's greeting
    t.clock.advance(frugal.periodMs);
    const resent = t.gossipTo("n1");
    // Now a message the old instance sent before it died arrives: an ack of batch 1 and a value it had (3).
    t.fromPeer("n1", { seq: 9, values: [3], acks: [1], inc: 5, to_inc: ours });
    t.clock.advance(frugal.periodMs);
    t.fromPeer("n1", { acks: [], inc: 6, to_inc: ours }); // the new instance speaks again
    t.clock.advance(frugal.ackDelayMs + 100);
    const later = t.gossipTo("n1");
    if (!real) {
      expect([...resent, ...later].flatMap((g) => g.values)).toEqual([]);
      return;
    }
    // Every value reaches the new instance, 3 included, in a batch addressed to it, and it is sent until
    // the new instance acknowledges it: the old instance's ack of batch 1 stood for nothing.
    const toNew = [...resent, ...later].filter((g) => g.to_inc === 6);
    expect(toNew.at(-1)).toMatchObject({ values: [1, 3] });
    const last = toNew.at(-1)!.seq!;
    t.fromPeer("n1", { acks: [last], inc: 6, to_inc: ours });
    t.clock.advance(20_000);
    expect(t.gossipTo("n1").filter((g) => g.values.length > 0)).toEqual([]);
    t.feed({ src: "c1", dest: "n0", body: { type: "read", msg_id: 50 } });
    expect(t.out().at(-1)!.body).toMatchObject({ type: "read_ok", messages: [1, 3] });
  });
});

describe.each([
  ["a leaf", "n1"],
  ["the hub", "n0"],
])("%s killed and started again, in a 3-node cluster with no new values afterwards", (_what, victim) => {
  const ids = ["n0", "n1", "n2"];

  async function afterRestart(install: (node: Node, args: readonly string[]) => void) {
    const c = broadcastCluster({ ids, install });
    for (const [i, v] of [1, 2, 3, 4, 5, 6].entries()) c.call(ids[i % 3]!, { type: "broadcast", message: v });
    await c.run(3_000);
    for (const id of ids) expect(await c.read(id), id).toEqual([1, 2, 3, 4, 5, 6]);
    c.kill(victim);
    await c.run(1_000);
    c.start(victim);
    expect(await c.read(victim)).toEqual([]); // it comes back empty
    await c.run(10_000);
    return { c, read: await c.read(victim) };
  }

  it("gets every value back with the real node", async () => {
    const { c } = await afterRestart(installReal);
    for (const id of ids) expect(await c.read(id), id).toEqual([1, 2, 3, 4, 5, 6]);
    // And then it goes quiet: no hellos or resends forever.
    const before = c.sent.length;
    await c.run(20_000);
    expect(c.sent.slice(before)).toEqual([]);
  });

  it("stays empty with the fixture that has no restart handling", async () => {
    const { read } = await afterRestart(installFixture);
    expect(read).toEqual([]);
  });
});

describe("the fixture without restarts", () => {
  it("behaves as the real node: the same values everywhere, through the same gossip but for the incarnations", async () => {
    const ids = ["n0", "n1", "n2", "n3"];
    const run = async (install: (node: Node, args: readonly string[]) => void) => {
      const c = broadcastCluster({ ids, install });
      for (let v = 1; v <= 8; v++) {
        c.call(ids[v % 4]!, { type: "broadcast", message: v });
        await c.run(37);
      }
      await c.run(5_000);
      const reads: unknown[][] = [];
      for (const id of ids) reads.push(await c.read(id));
      const values = c.sent.filter((m) => m.body.type === "gossip").map((m) => `${m.src}>${m.dest} ${JSON.stringify(m.body.values)}`);
      return { reads, values };
    };
    const [r, f] = [await run(installReal), await run(installFixture)];
    expect(f.reads).toEqual(r.reads);
    expect(r.reads[0]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // Values cross the same links in the same batches: the real node's greetings carry none.
    expect(f.values.filter((v) => !v.endsWith(" []"))).toEqual(r.values.filter((v) => !v.endsWith(" []")));
  });
});
