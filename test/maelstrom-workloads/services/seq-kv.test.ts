import { describe, expect, it } from "vitest";
import { seededRng } from "../../../maelstrom-workloads/model/random.js";
import { SeqKv } from "../../../maelstrom-workloads/services/seq-kv.js";

/** A seq-kv whose next draw can be set to pick a chosen state number. */
function scripted() {
  let next = 0;
  const kv = new SeqKv(() => next);
  return {
    kv,
    /** Handles `body` from `src` on the state numbered `index` (which must lie in [seen(src), lastIndex]). */
    at(index: number, src: string, body: Record<string, unknown>) {
      const from = kv.seen(src);
      if (index < from || index > kv.lastIndex) throw new Error(`index ${index} is outside [${from}, ${kv.lastIndex}]`);
      next = (index - from + 0.5) / (kv.lastIndex - from + 1);
      return kv.handle(src, body);
    },
  };
}

const write = (value: unknown) => ({ type: "write", key: "x", value });
const read = { type: "read", key: "x" };

describe("seq-kv: speculative ops on a past state", () => {
  it("a read may see a stale state, and the reader's state number becomes that state's", () => {
    const s = scripted();
    s.at(0, "w", write(1));
    s.at(1, "w", write(2));
    expect(s.kv.lastIndex).toBe(2);
    expect(s.at(0, "r", read)).toEqual({ type: "error", code: 20, text: "key does not exist" });
    expect(s.kv.seen("r")).toBe(0);
    expect(s.at(1, "r", read)).toEqual({ type: "read_ok", value: 1 });
    expect(s.kv.seen("r")).toBe(1);
    expect(s.at(2, "r", read)).toEqual({ type: "read_ok", value: 2 });
  });

  it("a cas can fail with 22 against a stale state although the newest state would take it", () => {
    const s = scripted();
    s.at(0, "w", write(1));
    s.at(1, "w", write(2));
    expect(s.at(1, "r", { type: "cas", key: "x", from: 2, to: 3 })).toEqual({ type: "error", code: 22, text: "current value 1 is not 2" });
    expect(s.kv.lastIndex).toBe(2);
    expect(s.kv.seen("r")).toBe(1);
  });

  it("an op that would change the picked state runs on the newest: a cas that succeeds on a stale state fails there", () => {
    const s = scripted();
    s.at(0, "w", write(1));
    s.at(1, "w", write(2));
    expect(s.at(1, "r", { type: "cas", key: "x", from: 1, to: 5 })).toEqual({ type: "error", code: 22, text: "current value 2 is not 1" });
    // The rerun's state is appended even though it did not change: r now sees state 3.
    expect(s.kv.lastIndex).toBe(3);
    expect(s.kv.seen("r")).toBe(3);
  });

  it("a write of a value a past state already holds is reordered into the past: no new state", () => {
    const s = scripted();
    s.at(0, "w", write(1));
    s.at(1, "w", write(2));
    expect(s.at(1, "r", write(1))).toEqual({ type: "write_ok" });
    expect(s.kv.lastIndex).toBe(2);
    expect(s.kv.seen("r")).toBe(1);
    expect(s.at(2, "r", read)).toEqual({ type: "read_ok", value: 2 });
  });

  it("after a write, the writer reads it (or newer) whatever state it picks", () => {
    const s = scripted();
    s.at(0, "w", write(1));
    s.at(0, "r", write(7));
    expect(s.kv.seen("r")).toBe(2);
    s.at(2, "w", write(8));
    expect(s.at(2, "r", read)).toEqual({ type: "read_ok", value: 7 });
    expect(s.at(3, "r", read)).toEqual({ type: "read_ok", value: 8 });
  });

  it("the requester is the message's src: another requester may still see older states", () => {
    const s = scripted();
    s.at(0, "n1", write(1));
    expect(s.kv.seen("n1")).toBe(1);
    expect(s.kv.seen("n2")).toBe(0);
    expect(s.at(0, "n2", read)).toMatchObject({ code: 20 });
  });

  it("a type it does not handle gets no reply, draws nothing and changes nothing", () => {
    let draws = 0;
    const kv = new SeqKv(() => (draws++, 0));
    expect(kv.handle("n1", { type: "ts" })).toBeUndefined();
    expect(kv.handle("n1", { type: "write_ok", in_reply_to: 1 })).toBeUndefined();
    expect([draws, kv.lastIndex]).toEqual([0, 0]);
  });

  it("keeps 32 states: a requester more than 32 behind is handed a state of the window taken modulo, as Maelstrom's ring buffer", () => {
    const s = scripted();
    for (let v = 1; v <= 40; v++) s.at(s.kv.lastIndex, "w", write(v));
    expect(s.kv.lastIndex).toBe(40);
    // States 9..40 are held. Number 0 is offset -41 from the end, 23 modulo 32: state 32.
    expect(s.at(0, "r", read)).toEqual({ type: "read_ok", value: 32 });
    expect(s.at(5, "r", read)).toEqual({ type: "read_ok", value: 37 });
    expect(s.at(9, "r", read)).toEqual({ type: "read_ok", value: 9 });
  });
});

describe("seq-kv under random draws (seeded), 3 requesters, fewer than 32 states", () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])("seed %i: each requester's view never goes back, and it sees its own writes", (seed) => {
    const rng = seededRng(seed);
    const kv = new SeqKv(seededRng(seed + 100).next);
    // Values written increase, so the value read names the state: 0 for the empty store.
    let written = 0;
    const view = new Map<string, number>();
    let staleReads = 0;
    for (let i = 0; i < 300 && written < 25; i++) {
      const src = rng.pick(["n1", "n2", "n3"]);
      const before = view.get(src) ?? 0;
      if (rng.next() < 0.1) {
        const v = ++written;
        expect(kv.handle(src, write(v))).toEqual({ type: "write_ok" });
        view.set(src, v);
        continue;
      }
      const r = kv.handle(src, read)!;
      const seen = r.type === "read_ok" ? (r.value as number) : 0;
      expect(seen, `seed ${seed}, op ${i}: ${src} read ${seen} after seeing ${before}`).toBeGreaterThanOrEqual(before);
      if (seen < written) staleReads++;
      view.set(src, seen);
    }
    expect(staleReads).toBeGreaterThan(0);
  });
});
