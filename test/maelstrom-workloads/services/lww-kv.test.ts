import { describe, expect, it } from "vitest";
import { seededRng } from "../../../maelstrom-workloads/model/random.js";
import { LwwKv } from "../../../maelstrom-workloads/services/lww-kv.js";

/** An lww-kv whose draws come from a list: below 0.5 picks replica 0, else replica 1. */
function scripted(draws: number[]) {
  let i = 0;
  return new LwwKv(() => {
    if (i >= draws.length) throw new Error("out of scripted draws");
    return draws[i++]!;
  });
}

const missing = { type: "error", code: 20, text: "key does not exist" };

describe("lww-kv, as Maelstrom's code behaves", () => {
  it("has two replicas that never converge: each write lands on one, and reads see either, forever", () => {
    const kv = new LwwKv(seededRng(3).next);
    expect(kv.handle("n1", { type: "write", key: "x", value: 1 })).toEqual({ type: "write_ok" });
    const replies = Array.from({ length: 400 }, () => JSON.stringify(kv.handle("n1", { type: "read", key: "x" })));
    const last = new Set(replies.slice(300));
    expect(last).toEqual(new Set([JSON.stringify({ type: "read_ok", value: 1 }), JSON.stringify(missing)]));
  });

  it("two writes of different values on the two replicas stay different", () => {
    const kv = scripted([0.1, 0.9, 0.2, 0.7, 0.3, 0.6]);
    kv.handle("n1", { type: "write", key: "x", value: 1 });
    kv.handle("n2", { type: "write", key: "x", value: 2 });
    expect([0, 1, 2, 3].map(() => kv.handle("n1", { type: "read", key: "x" }))).toEqual([1, 2, 1, 2].map((value) => ({ type: "read_ok", value })));
  });

  it("cas on a missing key is 20, even with create_if_not_exists", () => {
    const kv = scripted([0.1, 0.1, 0.9]);
    expect(kv.handle("n1", { type: "cas", key: "x", from: 1, to: 2 })).toEqual(missing);
    expect(kv.handle("n1", { type: "cas", key: "x", from: 1, to: 2, create_if_not_exists: true })).toEqual(missing);
    expect(kv.handle("n1", { type: "read", key: "x" })).toEqual(missing);
  });

  it("cas compares structurally; its 22 text pr-str's the current value but not the expected one", () => {
    const kv = scripted([0.1, 0.1, 0.1, 0.1, 0.1]);
    kv.handle("n1", { type: "write", key: "s", value: "a" });
    expect(kv.handle("n1", { type: "cas", key: "s", from: "b", to: "c" })).toEqual({ type: "error", code: 22, text: 'current value "a" is not b' });
    expect(kv.handle("n1", { type: "cas", key: "s", from: null, to: "c" })).toEqual({ type: "error", code: 22, text: 'current value "a" is not ' });
    expect(kv.handle("n1", { type: "cas", key: "s", from: "a", to: { z: 1, y: [2] } })).toEqual({ type: "cas_ok" });
    expect(kv.handle("n1", { type: "cas", key: "s", from: { y: [2], z: 1 }, to: 0 })).toEqual({ type: "cas_ok" });
  });

  it("each replica's clock counts the values it stored (writes and successful cas)", () => {
    const kv = scripted([0.1, 0.1, 0.9, 0.1, 0.9]);
    kv.handle("n1", { type: "write", key: "x", value: 1 });
    kv.handle("n1", { type: "cas", key: "x", from: 1, to: 2 });
    kv.handle("n1", { type: "write", key: "y", value: 1 });
    kv.handle("n1", { type: "cas", key: "x", from: 7, to: 2 });
    kv.handle("n1", { type: "read", key: "y" });
    expect(kv.clocks).toEqual([2, 1]);
  });

  it("a type it does not handle gets no reply and draws nothing", () => {
    const kv = scripted([]);
    expect(kv.handle("n1", { type: "ts" })).toBeUndefined();
    expect(kv.handle("n1", { type: "read_ok", value: 1, in_reply_to: 3 })).toBeUndefined();
  });
});
