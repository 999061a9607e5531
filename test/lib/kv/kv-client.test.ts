import { describe, expect, it } from "vitest";
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
