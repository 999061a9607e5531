import { describe, expect, it } from "vitest";
import { GossipQueue } from "../../../lib/gossip/gossip-queue.js";

// Values that are objects: what arrives from a peer is parsed afresh, so two
// copies of one value are never the same object. A key function tells them apart.

const cfg = { ackDelayMs: 100, initialRtoMs: 500, maxRtoMs: 2000 };
interface Item {
  id: string;
  payload: number[];
}
const keyed = () => new GossipQueue<Item, string>(cfg, undefined, (v) => v.id);
/** As it would arrive on the wire: a fresh object with equal content. */
const copy = (v: Item): Item => JSON.parse(JSON.stringify(v));

describe("GossipQueue with a key function", () => {
  it("treats a fresh copy of a value it holds as the same value", () => {
    const q = keyed();
    const a = { id: "a", payload: [1] };
    expect(q.add(a)).toBe(true);
    expect(q.add(copy(a))).toBe(false);
    expect(q.receive("p", { seq: 1, values: [copy(a), { id: "b", payload: [2] }], acks: [] }, 0).map((v) => v.id)).toEqual(["b"]);
    expect([...q.values].map((v) => v.id)).toEqual(["a", "b"]);
    expect(q.values.size).toBe(2);
    expect(q.values.has(copy(a))).toBe(true);
    expect(q.get("b")).toEqual({ id: "b", payload: [2] });
    // The first copy stays: a later one with the same key is not stored.
    expect(q.values.has({ id: "c", payload: [] })).toBe(false);
  });

  it("keeps per-peer knowledge by key: a value a peer sent is not sent back, one it acknowledged is known", () => {
    const q = keyed();
    q.addPeer("p");
    q.addPeer("r");
    q.receive("p", { seq: 1, values: [{ id: "x", payload: [] }], acks: [] }, 0);
    q.add({ id: "y", payload: [9] });
    const out = q.tick(0);
    // Batches carry the values themselves, not their keys.
    expect(out).toEqual([
      { peer: "p", batch: { seq: 1, values: [{ id: "y", payload: [9] }], acks: [1] } },
      { peer: "r", batch: { seq: 1, values: [{ id: "x", payload: [] }, { id: "y", payload: [9] }], acks: [] } },
    ]);
    expect(q.knows("p", { id: "x", payload: [] })).toBe(true);
    expect(q.knows("r", { id: "x", payload: [] })).toBe(false);
    q.receive("r", { values: [], acks: [1] }, 50);
    expect(q.knows("r", copy({ id: "y", payload: [9] }))).toBe(true);
    expect(q.heldElsewhere({ id: "y", payload: [] })).toBe(true);
    expect(q.inspect("r")).toMatchObject({ known: ["x", "y"], missing: [] });
  });

  it("without a key function compares values themselves (primitives), as before", () => {
    const q = new GossipQueue<number>(cfg);
    q.add(1);
    expect(q.add(1)).toBe(false);
    expect([...q.values]).toEqual([1]);
    // Objects without a key function are told apart by identity: equal copies are different values.
    const o = new GossipQueue<Item>(cfg);
    o.add({ id: "a", payload: [] });
    expect(o.add({ id: "a", payload: [] })).toBe(true);
  });
});
