import { describe, expect, it } from "vitest";
import { gSetWorkload } from "../../maelstrom-workloads/g-set.js";
import { uniqueIdsWorkload } from "../../maelstrom-workloads/unique-ids.js";
import { fakeNodeClient } from "../helpers/fake-node-client.js";

// The unique-ids and g-set workloads' generators and clients (MAELSTROM.md 5.3, 5.4), against a fake node.

const ctx = (seed = 1) => ({ nodes: ["n1", "n2", "n3"], concurrency: 3, seed, latencyMean: 0, topology: "grid" });

const rig = fakeNodeClient;

describe("the unique-ids workload", () => {
  const w = uniqueIdsWorkload(ctx());

  it("generates only `generate` ops, has no final phase, and a reusable client", () => {
    expect(Array.from({ length: 5 }, (_, i) => w.nextOp(i % 3))).toEqual(Array(5).fill({ f: "generate", value: null }));
    expect(w.finalOp).toBeUndefined();
    expect(w.reusableClient).toBe(true);
    expect(w.name).toBe("unique-ids");
  });

  it.each([["a string", "n1-0"], ["a number", 7], ["an object", { a: [1] }], ["null", null]])("sends generate and completes ok with the id, %s", async (_what, id) => {
    const r = rig(() => ({ type: "generate_ok", id }));
    await expect(w.invoke(r.client, "n1", { f: "generate", value: null })).resolves.toEqual({ type: "ok", value: id });
    expect(r.sent.map(({ msg_id: _, ...b }) => b)).toEqual([{ type: "generate" }]);
  });

  it.each([
    ["an extra field in generate_ok", { type: "generate_ok", id: 1, node: "n1" }, "info", /unexpected field\(s\) "node"/],
    ["no id", { type: "generate_ok" }, "info", /id is missing/],
    ["a definite error (code 11)", { type: "error", code: 11, text: "busy" }, "fail", undefined],
    ["an indefinite error (code 13)", { type: "error", code: 13, text: "oops" }, "info", undefined],
  ])("%s: %s", async (_why, body, type, exception) => {
    const r = rig(() => body);
    const c = await w.invoke(r.client, "n1", { f: "generate", value: null });
    expect(c.type).toBe(type);
    if (exception) expect(c.exception).toMatch(exception);
  });

  it("a timeout (5 s) is info: generate is not idempotent", async () => {
    const r = rig(() => undefined);
    const p = w.invoke(r.client, "n1", { f: "generate", value: null });
    await r.clock.advanceAsync(5000);
    await expect(p).resolves.toMatchObject({ type: "info", error: "net-timeout" });
  });
});

describe("the g-set workload", () => {
  it("mixes adds of 0, 1, 2, ... (one shared counter) and reads about evenly; seeded", () => {
    const w = gSetWorkload(ctx(4));
    const xs = Array.from({ length: 10_000 }, (_, i) => w.nextOp(i % 3));
    const adds = xs.filter((o) => o.f === "add");
    expect(adds.map((o) => o.value)).toEqual(adds.map((_, i) => i));
    expect(adds.length / xs.length).toBeGreaterThan(0.48);
    expect(adds.length / xs.length).toBeLessThan(0.52);
    expect(xs.filter((o) => o.f === "read").every((o) => o.value === null)).toBe(true);
    const again = gSetWorkload(ctx(4));
    expect(Array.from({ length: 50 }, (_, i) => again.nextOp(i % 3))).toEqual(xs.slice(0, 50));
  });

  it("has a final phase of one read per thread without a final flag (as Maelstrom's), and clients that are not reusable", () => {
    const w = gSetWorkload(ctx());
    expect(w.finalOp!(1)).toEqual({ f: "read", value: null });
    expect(w.reusableClient).toBe(false);
  });

  it("sends add {element} and read, and completes ok with the element and the value read (null as empty)", async () => {
    const w = gSetWorkload(ctx());
    const r = rig((req) => (req.type === "add" ? { type: "add_ok" } : { type: "read_ok", value: [0, 3] }));
    await expect(w.invoke(r.client, "n1", { f: "add", value: 3 })).resolves.toEqual({ type: "ok", value: 3 });
    await expect(w.invoke(r.client, "n1", { f: "read", value: null })).resolves.toEqual({ type: "ok", value: [0, 3] });
    expect(r.sent.map(({ msg_id: _, ...b }) => b)).toEqual([{ type: "add", element: 3 }, { type: "read" }]);
    const empty = rig(() => ({ type: "read_ok", value: null }));
    await expect(w.invoke(empty.client, "n1", { f: "read", value: null })).resolves.toEqual({ type: "ok", value: null });
  });

  it.each([
    ["read_ok with `elements` (the docstring's name) instead of `value`", "read", { type: "read_ok", elements: [1] }, /value is missing; unexpected field\(s\) "elements"/],
    ["a read value that is not an array", "read", { type: "read_ok", value: 3 }, /value must be a JSON array/],
    ["an extra field in add_ok", "add", { type: "add_ok", size: 1 }, /unexpected field\(s\) "size"/],
    ["a definite error reply (code 11): still only info", "add", { type: "error", code: 11, text: "busy" }, /busy/],
  ])("%s makes the op info with the exception recorded", async (_why, f, body, problem) => {
    const w = gSetWorkload(ctx());
    const r = rig(() => body);
    const value = f === "add" ? 2 : null;
    const c = await w.invoke(r.client, "n1", { f, value });
    expect(c).toMatchObject({ type: "info", value });
    expect(c.exception).toMatch(problem);
    expect(c.error).toMatch(/^indeterminate: /);
  });

  it("a timeout (5 s) makes a read info, not fail (no error mapping)", async () => {
    const w = gSetWorkload(ctx());
    const r = rig(() => undefined);
    const p = w.invoke(r.client, "n1", { f: "read", value: null });
    await r.clock.advanceAsync(5000);
    const c = await p;
    expect(c.type).toBe("info");
    expect(c.exception).toMatch(/^ClientTimeout: no reply from n1 to read/);
  });
});
