import { describe, expect, it } from "vitest";
import { casRegister, Inconsistent } from "../../../maelstrom-workloads/checkers/cas-register.js";
import { checkLinearizable } from "../../../maelstrom-workloads/checkers/linearizable.js";
import { HEALTHY, registerHistory } from "../../../scripts/bench/register-history.js";
import { RegisterOps } from "../../helpers/register-ops.js";

type KeyResult = Record<string, unknown> & { op?: Record<string, unknown>; "previous-ok"?: Record<string, unknown> | null };
const keyResult = (r: Record<string, unknown>, k: string) => (r.results as Record<string, KeyResult>)[k]!;

describe("casRegister: Knossos's cas-register model", () => {
  const step = (state: unknown, f: string, value: unknown) => {
    const r = casRegister.step(state, { f, value });
    return r instanceof Inconsistent ? `inconsistent: ${r.why}` : r;
  };
  it.each([
    ["a write sets the value", null, "write", 3, 3],
    ["a cas from the value succeeds", 1, "cas", [1, 2], 2],
    ["a cas from another value is impossible", 1, "cas", [2, 3], "inconsistent: cannot cas 2 to 3: the value is 1"],
    ["a cas on an unwritten register is impossible unless from null", null, "cas", [0, 1], "inconsistent: cannot cas 0 to 1: the value is null"],
    ["a read of the value keeps it", 4, "read", 4, 4],
    ["a read of another value is impossible", 4, "read", 2, "inconsistent: cannot read 2: the value is 4"],
    ["a read of null fits any value (it says nothing)", 4, "read", null, 4],
  ])("%s", (_, state, f, value, expected) => {
    expect(step(state, f, value)).toEqual(expected);
  });

  it("reads and cas from v to v are read-only; writes and other cas are not", () => {
    expect([["read", null], ["cas", [2, 2]], ["cas", [1, 2]], ["write", 2]].map(([f, value]) => casRegister.readOnly({ f: f as string, value }))).toEqual([true, true, false, false]);
  });

  it("throws on an f it does not know, naming it", () => {
    expect(() => casRegister.step(null, { f: "append", value: 1 })).toThrow(/unknown f "append"/);
  });
});

describe("checkLinearizable: verdicts", () => {
  it("an empty history is valid with no keys; nemesis ops are ignored", () => {
    const h = new RegisterOps();
    h.nemesis("start-partition");
    expect(checkLinearizable(h.ops)).toMatchObject({ "valid?": true, "key-count": 0, results: {}, failures: [], "worst-key": null });
  });

  it("a stale read (a write completed, then a read sees the value before it) is invalid", () => {
    const h = new RegisterOps();
    h.ok(h.write(0, 3, 1));
    h.ok(h.write(0, 3, 2));
    h.ok(h.read(1, 3), 1);
    const r = checkLinearizable(h.ops);
    expect(r).toMatchObject({ "valid?": false, failures: ["3"] });
    expect(keyResult(r, "3")).toMatchObject({ "valid?": false, "possible-values": [2], op: { f: "read", value: 1, process: 1, index: 4 } });
  });

  it("a lost write (two writes completed, then reads see one and then the other) is invalid at the second read", () => {
    const h = new RegisterOps();
    const w1 = h.write(0, 0, 1);
    const w2 = h.write(1, 0, 2);
    h.ok(w1);
    h.ok(w2);
    h.ok(h.read(2, 0), 1);
    const second = h.read(2, 0);
    h.ok(second, 2);
    const k = keyResult(checkLinearizable(h.ops), "0");
    expect(k["valid?"]).toBe(false);
    expect(k.op).toMatchObject({ index: second.invoke.index, value: 2 });
    expect(k["possible-values"]).toEqual([1]);
  });

  it("a cas that could not have succeeded is invalid, and the why says so", () => {
    const h = new RegisterOps();
    h.ok(h.write(0, 5, 1));
    h.ok(h.cas(0, 5, 2, 3));
    const k = keyResult(checkLinearizable(h.ops), "5");
    expect(k["valid?"]).toBe(false);
    expect(k.why).toBe("cas from 2 to 3 on key 5 by process 0 succeeded at 0.004 s, but the register could only be 1 while it ran (invoked at 0.003 s, after write 1 to key 5 by process 0 completed at 0.002 s)");
  });

  it("an info write must have happened when a later read saw its value; a failed one cannot explain it", () => {
    const seen = (complete: "info" | "fail") => {
      const h = new RegisterOps();
      h.ok(h.write(0, 0, 1));
      const w = h.write(1, 0, 2);
      h[complete](w);
      h.ok(h.read(2, 0), 2);
      return checkLinearizable(h.ops)["valid?"];
    };
    expect(seen("info")).toBe(true);
    expect(seen("fail")).toBe(false);
  });

  it("an info write takes effect only after its invocation", () => {
    const h = new RegisterOps();
    h.ok(h.write(0, 0, 1));
    h.ok(h.read(2, 0), 2);
    h.info(h.write(1, 0, 2));
    const k = keyResult(checkLinearizable(h.ops), "0");
    expect(k["valid?"]).toBe(false);
    // It is not concurrent with the read: the read completed before it was invoked.
    expect(k["concurrent-count"]).toBe(0);
  });

  it("one info write explains one change, not two", () => {
    const h = new RegisterOps();
    h.ok(h.write(0, 0, 1));
    h.info(h.write(1, 0, 2));
    h.ok(h.read(2, 0), 2);
    h.ok(h.write(0, 0, 1));
    h.ok(h.read(2, 0), 2);
    expect(checkLinearizable(h.ops)["valid?"]).toBe(false);
    // Two info writes of 2 can.
    const g = new RegisterOps();
    g.ok(g.write(0, 0, 1));
    g.info(g.write(1, 0, 2));
    g.info(g.write(3, 0, 2));
    g.ok(g.read(2, 0), 2);
    g.ok(g.write(0, 0, 1));
    g.ok(g.read(2, 0), 2);
    expect(checkLinearizable(g.ops)["valid?"]).toBe(true);
  });

  it.each([1, 2])("concurrent writes can be ordered either way: a read after both may see %i", (seen) => {
    const h = new RegisterOps();
    const w1 = h.write(0, 0, 1);
    const w2 = h.write(1, 0, 2);
    h.ok(w2);
    h.ok(w1);
    h.ok(h.read(2, 0), seen);
    h.ok(h.read(2, 0), seen);
    expect(checkLinearizable(h.ops)["valid?"]).toBe(true);
  });

  it("a read concurrent with a write may see the old or the new value, and reads see them in some one order", () => {
    const run = (a: number, b: number) => {
      const h = new RegisterOps();
      h.ok(h.write(0, 0, 1));
      const w = h.write(0, 0, 2);
      const r1 = h.read(1, 0);
      const r2 = h.read(2, 0);
      h.ok(r1, a);
      h.ok(r2, b);
      h.ok(w);
      return checkLinearizable(h.ops)["valid?"];
    };
    expect([run(1, 1), run(1, 2), run(2, 2), run(2, 1)]).toEqual([true, true, true, true]);
  });

  it("failed ops did not happen, info reads are dropped, and a read of null fits anything", () => {
    const h = new RegisterOps();
    h.ok(h.write(0, 0, 1));
    h.fail(h.write(1, 0, 3));
    h.info(h.read(2, 0));
    h.ok(h.read(3, 0), null);
    h.ok(h.read(3, 0), 1);
    const r = checkLinearizable(h.ops);
    expect(r["valid?"]).toBe(true);
    expect(keyResult(r, "0")).toMatchObject({ "op-count": 5, "indeterminate-count": 1 });
  });

  it("an invocation never completed counts as info", () => {
    const h = new RegisterOps();
    h.ok(h.write(0, 0, 1));
    h.write(1, 0, 4);
    h.ok(h.read(2, 0), 4);
    expect(checkLinearizable(h.ops)["valid?"]).toBe(true);
  });

  it("throws on a malformed history (an invocation value that is not a [key, value] tuple)", () => {
    const h = new RegisterOps();
    h.ok(h.write(0, 0, 1));
    h.ops[0]!.value = 1;
    expect(() => checkLinearizable(h.ops)).toThrow(/op 0 \(write by process 0\) has value 1, not a \[key, value\] tuple/);
  });
});

describe("checkLinearizable: evidence", () => {
  it("names the first op that cannot be linearized, the previous ok, the values possible while it ran, and the concurrent ops", () => {
    const h = new RegisterOps();
    h.ok(h.write(4, 3, 2), undefined, 12_100); // write 2, done at 12.1 s
    const w4 = h.write(5, 3, 4, 12_200);
    const bad = h.read(7, 3, 12_250);
    h.ok(bad, 1, 12_304); // the first bad op: 1 was never written
    h.ok(w4, undefined, 12_350);
    h.ok(h.read(7, 3, 12_400), 0, 12_410); // bad too, but later
    const k = keyResult(checkLinearizable(h.ops), "3");
    expect(k.why).toBe("read of key 3 by process 7 returned 1 at 12.304 s, but the register could only be 2 or 4 while it ran (invoked at 12.250 s, after write 2 to key 3 by process 4 completed at 12.100 s)");
    expect(k.op).toEqual({ index: 3, "complete-index": 4, process: 7, f: "read", value: 1, type: "ok", "invoke-time": 12.25, "complete-time": 12.304 });
    expect(k["previous-ok"]).toMatchObject({ index: 0, f: "write", value: 2 });
    expect(k["possible-values"]).toEqual([2, 4]);
    expect(k["concurrent-count"]).toBe(1);
    expect(k.concurrent).toEqual([{ index: 2, "complete-index": 5, process: 5, f: "write", value: 4, type: "ok", "invoke-time": 12.2, "complete-time": 12.35 }]);
  });

  it("says when the value was possible only in orders the other results rule out, and counts indeterminate ops", () => {
    const h = new RegisterOps();
    h.ok(h.write(0, 0, 0));
    const x = h.read(3, 0);
    h.info(h.cas(9, 0, 0, 1)); // could make 1 for the read...
    h.ok(h.cas(1, 0, 0, 5)); // ...but then this cas from 0 could not succeed
    h.ok(x, 1);
    const k = keyResult(checkLinearizable(h.ops), "0");
    expect(k["valid?"]).toBe(false);
    expect(k.op).toMatchObject({ process: 3, value: 1 });
    expect(k["possible-values"]).toEqual([0, 1, 5]);
    expect(k.why).toBe(
      "read of key 0 by process 3 returned 1 at 0.008 s, but no order of the ops that fits the other results allows it; the register could be 0, 1 or 5 while it ran (invoked at 0.003 s, after write 0 to key 0 by process 0 completed at 0.002 s; 1 indeterminate write or cas may also have taken effect)",
    );
    expect(k["concurrent-count"]).toBe(2);
  });

  it("with several keys, only the bad one fails, and the worst key is the one that searched most", () => {
    const h = new RegisterOps();
    for (const k of [0, 1, 2]) h.ok(h.write(k, k, 1));
    const ws = [0, 1, 2].map((p) => h.write(10 + p, 2, p + 2));
    for (const w of ws) h.ok(w);
    h.ok(h.read(20, 1), 3); // never written to key 1
    h.ok(h.read(21, 0), 1);
    const r = checkLinearizable(h.ops);
    expect(r).toMatchObject({ "valid?": false, "key-count": 3, failures: ["1"], unknown: [] });
    expect(Object.keys(r.results as object)).toEqual(["0", "1", "2"]);
    expect([0, 2].map((k) => keyResult(r, String(k))["valid?"])).toEqual([true, true]);
    expect(r["worst-key"]).toMatchObject({ key: "2" });
  });
});

describe("checkLinearizable: budget", () => {
  const busy = registerHistory({ ...HEALTHY, seed: 3, seconds: 10, infoChance: 0.05, latencyMs: 50 });

  it("a synthetic history with info ops is valid with the default budget", () => {
    const r = checkLinearizable(busy);
    expect(r["valid?"]).toBe(true);
    expect((r["worst-key"] as { "configs-explored": number })["configs-explored"]).toBeGreaterThan(10);
  });

  it("the search stays small: configurations that used more indeterminate ops than a like one are not explored", () => {
    // 948 today; about 3,400 when the search explores the dominated ones too.
    const r = checkLinearizable(busy);
    expect((r["worst-key"] as { "configs-explored": number })["configs-explored"]).toBeLessThan(1500);
  });

  it("a budget too small gives unknown for that key, and says so", () => {
    const r = checkLinearizable(busy, { budget: 10 });
    expect(r["valid?"]).toBe("unknown");
    expect((r.unknown as string[]).length).toBeGreaterThan(0);
    expect(r.failures).toEqual([]);
    const k = keyResult(r, (r.unknown as string[])[0]!);
    expect(k.why).toMatch(/^gave up on key \d+ after exploring 1\d configurations \(the budget is 10\) when op \d+ \((read|write|cas) by process \d+\) returned; raise the budget to know more$/);
  });

  it("more ok ops pending at once on a key than the search tracks gives unknown, and says so", () => {
    const h = new RegisterOps();
    const reads = Array.from({ length: 32 }, (_, p) => h.read(p, 0));
    for (const r of reads) h.ok(r, null);
    const k = keyResult(checkLinearizable(h.ops), "0");
    expect(k["valid?"]).toBe("unknown");
    expect(k.why).toBe("gave up on key 0: op 31 (read by process 31) made 32 ok ops pending at once on it, more than the search tracks");
    expect(checkLinearizable(h.ops.slice(1).filter((o) => o.process !== 0).map((o, index) => ({ ...o, index })))["valid?"]).toBe(true);
  });

  it("an invalid key beats an unknown one", () => {
    const h = new RegisterOps();
    h.ok(h.write(0, 999, 1));
    h.ok(h.read(1, 999), 2);
    const r = checkLinearizable([...busy, ...h.ops.map((o) => ({ ...o, index: o.index + busy.length }))], { budget: 10 });
    expect(r["valid?"]).toBe(false);
    expect(r.failures).toEqual(["999"]);
  });
});
