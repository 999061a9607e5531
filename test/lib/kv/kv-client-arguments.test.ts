import { describe, expect, it } from "vitest";
import { KvClient } from "../../../lib/kv/kv-client.js";
import { initNode } from "../../helpers/test-node.js";

const JSON_VALUES = "null, a boolean, a finite number, a string, or arrays and plain objects of these";

describe("KvClient argument checks", () => {
  it("refuses undefined or non-JSON arguments with a TypeError naming the call and the argument, and sends nothing", async () => {
    const t = initNode();
    const kv = new KvClient(t.node, "lin-kv");
    const cyclic: Record<string, unknown> = {};
    cyclic.me = cyclic;
    const cases: Array<[() => Promise<unknown>, string]> = [
      [() => kv.cas("x", undefined, 2), 'KvClient.cas on lin-kv: "from" is undefined'],
      [() => kv.cas("x", 1, undefined), 'KvClient.cas on lin-kv: "to" is undefined'],
      [() => kv.cas(undefined, 1, 2), 'KvClient.cas on lin-kv: "key" is undefined'],
      [() => kv.write(undefined, 1), 'KvClient.write on lin-kv: "key" is undefined'],
      [() => kv.write("x", undefined), 'KvClient.write on lin-kv: "value" is undefined'],
      [() => kv.read(undefined), 'KvClient.read on lin-kv: "key" is undefined'],
      [() => kv.readOr(undefined, 0), 'KvClient.read on lin-kv: "key" is undefined'],
      [() => kv.write("x", { a: [1, 10n] }), 'KvClient.write on lin-kv: "value.a[1]" is a BigInt (10), which JSON cannot carry'],
      [() => kv.write("x", NaN), 'KvClient.write on lin-kv: "value" is NaN, which JSON would write as null'],
      [() => kv.write("x", { n: Infinity }), 'KvClient.write on lin-kv: "value.n" is Infinity, which JSON would write as null'],
      [() => kv.write("x", { gone: undefined }), 'KvClient.write on lin-kv: "value.gone" is undefined'],
      [() => kv.write("x", cyclic), 'KvClient.write on lin-kv: "value.me" is an object that contains itself (a cycle), which JSON cannot carry'],
      [() => kv.write("x", new Map([[1, 2]])), 'KvClient.write on lin-kv: "value" is a Map, not a plain object or array; JSON would not keep it as it is'],
      [() => kv.write(() => 1, 1), 'KvClient.write on lin-kv: "key" is a function, which JSON cannot carry'],
      [() => kv.cas(Symbol("k"), 1, 2), 'KvClient.cas on lin-kv: "key" is a symbol, which JSON cannot carry'],
      [() => kv.cas("x", 1, { "odd key": [undefined] }), 'KvClient.cas on lin-kv: "to["odd key"][0]" is undefined'],
    ];
    for (const [call, message] of cases) {
      const err = await call().catch((e: unknown) => e);
      expect(err, message).toBeInstanceOf(TypeError);
      expect((err as Error).message).toBe(`${message}; nothing was sent. Each argument must be a JSON value: ${JSON_VALUES}.`);
    }
    expect(t.transport.output).toEqual([]);
    expect(t.node.pendingRpcCount).toBe(0);
    expect(t.clock.pending).toBe(0);
  });

  it("refuses a createIfNotExists that is not a boolean, and a bad timeout at construction", async () => {
    const t = initNode();
    const kv = new KvClient(t.node, "lin-kv");
    const err = await kv.cas("x", 1, 2, { createIfNotExists: "yes" as unknown as boolean }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toBe('KvClient.cas on lin-kv: "createIfNotExists" must be true or false; got the string "yes"; nothing was sent');
    expect(t.transport.output).toEqual([]);
    expect(() => new KvClient(t.node, "lin-kv", { timeoutMs: NaN })).toThrow(new RangeError("KvClient(lin-kv): timeoutMs must be a finite number of milliseconds >= 0; got NaN"));
    expect(() => new KvClient(t.node, "", {})).toThrow(new TypeError('KvClient: service must be a non-empty string (a node id such as "lin-kv"); got ""'));
  });

  it("still sends null, nested plain values, and deep but acyclic shared objects", async () => {
    const t = initNode();
    const kv = new KvClient(t.node, "seq-kv");
    const shared = { s: 1 };
    void kv.cas(null, null, { a: [shared, shared], b: Object.assign(Object.create(null), { c: false }) }).catch(() => {});
    let deep: unknown = 0;
    for (let i = 0; i < 2000; i++) deep = [deep];
    void kv.write("deep", deep).catch(() => {});
    expect(t.out().map((m) => m.body.type)).toEqual(["cas", "write"]);
    expect(t.out()[0]!.body).toEqual({ type: "cas", key: null, from: null, to: { a: [{ s: 1 }, { s: 1 }], b: { c: false } }, msg_id: 2 });
  });
});

describe("jsonProblem", () => {
  it("checks any depth without growing the call stack, and finds a problem at the bottom", async () => {
    const { jsonProblem } = await import("../../../lib/kv/json-problem.js");
    let deep: unknown = undefined;
    for (let i = 0; i < 100_000; i++) deep = { d: deep };
    expect(jsonProblem(deep, "v")).toBe(`"v${".d".repeat(100_000)}" is undefined`);
    expect(jsonProblem({ ok: [1, "two", null, true, { x: -0.5 }] }, "v")).toBeUndefined();
  });
});
