import { describe, expect, expectTypeOf, it } from "vitest";
import { KeyAlreadyExistsError, KeyDoesNotExistError, KvClient, PreconditionFailedError } from "../../../lib/kv/kv-client.js";
import { RpcError } from "../../../lib/protocol/rpc-error.js";
import { initNode, settle } from "../../helpers/test-node.js";

/**
 * A small lin-kv stand-in with Maelstrom's wire behaviour: replies carry
 * in_reply_to and no msg_id; 20 for a missing key, 22 for a failed CAS.
 */
function withLinKv(t: ReturnType<typeof initNode>, opts: { silent?: boolean; reject21?: boolean } = {}) {
  const store = new Map<string, unknown>();
  const seen: Array<Record<string, unknown>> = [];
  t.transport.onOutput((line) => {
    const m = JSON.parse(line);
    if (m.dest !== "lin-kv") return;
    seen.push(m.body);
    if (opts.silent) return;
    const b = m.body;
    const k = JSON.stringify(b.key);
    let reply: Record<string, unknown>;
    if (opts.reject21) reply = { type: "error", code: 21, text: "exists" };
    else if (b.type === "read") reply = store.has(k) ? { type: "read_ok", value: store.get(k) } : { type: "error", code: 20, text: "key does not exist" };
    else if (b.type === "write") (store.set(k, b.value), (reply = { type: "write_ok" }));
    else if (!store.has(k) && !b.create_if_not_exists) reply = { type: "error", code: 20, text: "key does not exist" };
    else if (store.has(k) && JSON.stringify(store.get(k)) !== JSON.stringify(b.from)) reply = { type: "error", code: 22, text: `current value ${JSON.stringify(store.get(k))} is not ${JSON.stringify(b.from)}` };
    else (store.set(k, b.to), (reply = { type: "cas_ok" }));
    queueMicrotask(() => t.feed({ src: "lin-kv", dest: m.src, body: { ...reply, in_reply_to: b.msg_id } }));
  });
  return seen;
}

describe("KvClient", () => {
  it("sends Maelstrom's request shapes and reads back what it wrote", async () => {
    const t = initNode();
    const seen = withLinKv(t);
    const kv = new KvClient(t.node, "lin-kv");
    await kv.write("x", 1);
    await kv.cas("x", 1, 2);
    await kv.cas("y", null, 5, { createIfNotExists: true });
    expect(await kv.read("x")).toBe(2);
    expect(await kv.read("y")).toBe(5);
    expect(seen).toEqual([
      { type: "write", key: "x", value: 1, msg_id: 2 },
      { type: "cas", key: "x", from: 1, to: 2, msg_id: 3 },
      { type: "cas", key: "y", from: null, to: 5, create_if_not_exists: true, msg_id: 4 },
      { type: "read", key: "x", msg_id: 5 },
      { type: "read", key: "y", msg_id: 6 },
    ]);
  });

  it("maps codes 20, 21 and 22 to their typed errors", async () => {
    const t = initNode();
    withLinKv(t);
    const kv = new KvClient(t.node);
    const missing = await kv.read("nope").catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(KeyDoesNotExistError);
    expect(missing).toBeInstanceOf(RpcError);
    expect(missing).toMatchObject({ code: 20, text: "key does not exist" });
    expect(await kv.readOr("nope", 0)).toBe(0);
    await kv.write("x", 1);
    const cas = await kv.cas("x", 7, 8).catch((e: unknown) => e);
    expect(cas).toBeInstanceOf(PreconditionFailedError);
    expect((cas as RpcError).text).toBe("current value 1 is not 7");
    const t2 = initNode();
    withLinKv(t2, { reject21: true });
    expect(await new KvClient(t2.node).write("x", 1).catch((e: unknown) => e)).toBeInstanceOf(KeyAlreadyExistsError);
  });

  it("rejects with an indefinite timeout when the service does not answer", async () => {
    const t = initNode();
    withLinKv(t, { silent: true });
    const p = new KvClient(t.node, "seq-kv", { timeoutMs: 300 }).write("x", 1).catch((e: unknown) => e);
    t.clock.advance(300);
    await settle();
    expect(await p).toMatchObject({ code: 0, definite: false });
  });
});

describe("KvClient.read and readOr: the value's type", () => {
  const isCount = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v);
  interface Doc {
    leader: string;
  }
  const isDoc = (v: unknown): v is Doc => typeof v === "object" && v !== null && typeof (v as Doc).leader === "string";

  it("is unknown without a check, whatever the fallback; with a type guard it is the guard's type or the fallback's", () => {
    const kv = new KvClient(initNode().node);
    expectTypeOf(kv.read("x")).toEqualTypeOf<Promise<unknown>>();
    expectTypeOf(kv.read("x", isCount)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(kv.readOr("x", 0)).toEqualTypeOf<Promise<unknown>>();
    expectTypeOf(kv.readOr("x", 0, isCount)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(kv.readOr("doc", undefined, isDoc)).toEqualTypeOf<Promise<Doc | undefined>>();
    expectTypeOf(kv.readOr("doc", null, isDoc)).toEqualTypeOf<Promise<Doc | null>>();
    expectTypeOf(kv.readOr<number>("x", 0, isCount)).toEqualTypeOf<Promise<number>>();
    // @ts-expect-error: with V given and no F, the fallback must be a V too
    void kv.readOr<number>("x", "none", isCount).catch(() => {});
    const unchecked = async (): Promise<number> => {
      // @ts-expect-error: a value read without a check is not a number, though the fallback is
      const m: number = await kv.readOr("x", 0);
      return m;
    };
    void unchecked;
  });

  it("checks the value with the guard: what it refuses rejects with a TypeError naming the service, key and value; a missing key is the fallback", async () => {
    const t = initNode();
    withLinKv(t);
    const kv = new KvClient(t.node, "lin-kv");
    await kv.write("n", 3);
    await kv.write("doc", { leader: "n2" });
    const n: number = await kv.readOr("n", 0, isCount);
    expect(n).toBe(3);
    const doc: Doc | undefined = await kv.readOr("doc", undefined, isDoc);
    expect(doc).toEqual({ leader: "n2" });
    expect(await kv.readOr("nope", undefined, isDoc)).toBeUndefined();
    expect(await kv.read("doc", isDoc)).toEqual({ leader: "n2" });
    await expect(kv.readOr("doc", 0, isCount)).rejects.toThrow(new TypeError('KvClient.read on lin-kv: key "doc" holds {"leader":"n2"}, which the check isCount refuses'));
    await expect(kv.read("n", (v): v is string => typeof v === "string")).rejects.toThrow(/^KvClient\.read on lin-kv: key "n" holds 3, which the check refuses$/);
  });
});
