import { describe, expect, it } from "vitest";
import { z } from "zod";
import { RpcError } from "../../../lib/protocol/rpc-error.js";
import { MemoryTransport } from "../../../lib/runtime/memory-transport.js";
import { Node } from "../../../lib/runtime/node.js";
import { VirtualClock } from "../../../lib/runtime/virtual-clock.js";
import { initNode, newNode, settle } from "../../helpers/test-node.js";

const Echo = z.object({ echo: z.string() });

describe("init", () => {
  it("answers init with init_ok and stores the ids", () => {
    const t = newNode();
    t.feed({ id: 0, src: "c0", dest: "n2", body: { type: "init", node_id: "n2", node_ids: ["n1", "n2", "n3"], msg_id: 1 } });
    expect(t.transport.output).toEqual(['{"src":"n2","dest":"c0","body":{"type":"init_ok","msg_id":1,"in_reply_to":1}}']);
    expect(t.node.id).toBe("n2");
    expect(t.node.nodeIds).toEqual(["n1", "n2", "n3"]);
    expect(t.node.peers).toEqual(["n1", "n3"]);
  });

  it("runs init hooks before init_ok and holds other messages until they finish", async () => {
    const t = newNode();
    let release!: () => void;
    const order: string[] = [];
    t.node.onInit(async (n) => {
      order.push(`hook sees ${n.id}`);
      await new Promise<void>((r) => (release = r));
    });
    t.node.on("echo", Echo, (m) => {
      order.push("echo handled");
      return { type: "echo_ok", echo: m.body.echo };
    });
    t.feed({ src: "c0", dest: "n1", body: { type: "init", node_id: "n1", node_ids: ["n1"], msg_id: 1 } });
    t.feed({ src: "c1", dest: "n1", body: { type: "echo", echo: "early", msg_id: 1 } });
    await settle();
    expect(t.transport.output).toEqual([]);
    release();
    await settle();
    expect(order).toEqual(["hook sees n1", "echo handled"]);
    expect(t.out().map((m) => m.body.type)).toEqual(["init_ok", "echo_ok"]);
  });

  it("answers at once, without waiting for the event loop, when init hooks return no promise", () => {
    const t = newNode();
    const seen: string[] = [];
    t.node.onInit((n) => void seen.push(`hook ${n.id}`));
    t.node.on("ping", () => ({ type: "pong" }));
    t.feed({ src: "c0", dest: "n1", body: { type: "init", node_id: "n1", node_ids: ["n1"], msg_id: 1 } });
    t.feed({ src: "c1", dest: "n1", body: { type: "ping", msg_id: 1 } });
    expect(seen).toEqual(["hook n1"]);
    expect(t.out().map((m) => m.body.type)).toEqual(["init_ok", "pong"]);
  });

  it("answers a failing init hook with the error, not init_ok", async () => {
    const t = newNode();
    t.node.onInit(() => {
      throw RpcError.temporarilyUnavailable("warming up");
    });
    t.feed({ src: "c0", dest: "n1", body: { type: "init", node_id: "n1", node_ids: ["n1"], msg_id: 1 } });
    await settle();
    expect(t.out()[0]!.body).toEqual({ type: "error", code: 11, text: "warming up", msg_id: 1, in_reply_to: 1 });
  });

  it("rejects an init without node ids with error 12", () => {
    const t = newNode();
    t.feed({ src: "c0", dest: "n1", body: { type: "init", node_id: 7, msg_id: 1 } });
    expect(t.out()[0]!.body).toMatchObject({ type: "error", code: 12, in_reply_to: 1 });
    expect(t.node.initialised).toBe(false);
  });

  it("refuses to register a handler for init, or a type twice", () => {
    const t = newNode();
    expect(() => t.node.on("init", () => undefined)).toThrow(/onInit/);
    t.node.on("echo", () => undefined);
    expect(() => t.node.on("echo", () => undefined)).toThrow(/already registered/);
  });

  it("has no id before init", () => {
    expect(() => newNode().node.id).toThrow(/before init/);
  });
});

describe("handlers and replies", () => {
  it("replies with the handler's body, in_reply_to set and msg_id counting up from 1", () => {
    const t = initNode();
    t.node.on("echo", Echo, (m) => ({ type: "echo_ok", echo: m.body.echo }));
    t.feed({ id: 5, src: "c1", dest: "n1", body: { type: "echo", echo: "a", msg_id: 1 } });
    t.feed({ id: 6, src: "c1", dest: "n1", body: { type: "echo", echo: "b", msg_id: 2 } });
    expect(t.transport.output).toEqual([
      '{"src":"n1","dest":"c1","body":{"type":"echo_ok","echo":"a","msg_id":2,"in_reply_to":1}}',
      '{"src":"n1","dest":"c1","body":{"type":"echo_ok","echo":"b","msg_id":3,"in_reply_to":2}}',
    ]);
  });

  it("awaits async handlers", async () => {
    const t = initNode();
    t.node.on("slow", async () => {
      await Promise.resolve();
      return { type: "slow_ok" };
    });
    t.feed({ src: "c1", dest: "n1", body: { type: "slow", msg_id: 9 } });
    await settle();
    expect(t.out()[0]!.body).toEqual({ type: "slow_ok", msg_id: 2, in_reply_to: 9 });
  });

  it("sends nothing when the handler returns nothing", () => {
    const t = initNode();
    let seen = 0;
    t.node.on("gossip", () => {
      seen++;
    });
    t.feed({ src: "n2", dest: "n1", body: { type: "gossip", msg_id: 4 } });
    expect(seen).toBe(1);
    expect(t.transport.output).toEqual([]);
  });

  it("answers an unknown type with error 10 and keeps serving", () => {
    const t = initNode();
    t.node.on("echo", Echo, (m) => ({ type: "echo_ok", echo: m.body.echo }));
    t.feed({ src: "c1", dest: "n1", body: { type: "frobnicate", msg_id: 3 } });
    t.feed({ src: "c1", dest: "n1", body: { type: "echo", echo: "still here", msg_id: 4 } });
    expect(t.out().map((m) => m.body)).toEqual([
      { type: "error", code: 10, text: 'this node does not handle messages of type "frobnicate"', msg_id: 2, in_reply_to: 3 },
      { type: "echo_ok", echo: "still here", msg_id: 3, in_reply_to: 4 },
    ]);
  });

  it("answers a body that fails its schema with error 12 naming the field", () => {
    const t = initNode();
    t.node.on("echo", Echo, (m) => ({ type: "echo_ok", echo: m.body.echo }));
    t.feed({ src: "c1", dest: "n1", body: { type: "echo", echo: 42, msg_id: 3 } });
    const body = t.out()[0]!.body;
    expect(body).toMatchObject({ type: "error", code: 12, in_reply_to: 3 });
    expect(body.text).toMatch(/^invalid echo body: echo: .*expected string/);
  });

  it("answers a body with no type with error 12", () => {
    const t = initNode();
    t.feed({ src: "c1", dest: "n1", body: { msg_id: 3 } });
    expect(t.out()[0]!.body).toMatchObject({ type: "error", code: 12, in_reply_to: 3 });
  });

  it("answers a thrown RpcError with its own code and text, sync or async", async () => {
    const t = initNode();
    t.node.on("cas", () => {
      throw new RpcError(22, "expected 1, found 2");
    });
    t.node.on("user", async () => {
      throw new RpcError(1001, "custom", { hint: "x" });
    });
    t.feed({ src: "c1", dest: "n1", body: { type: "cas", msg_id: 1 } });
    t.feed({ src: "c1", dest: "n1", body: { type: "user", msg_id: 2 } });
    await settle();
    expect(t.out().map((m) => m.body)).toEqual([
      { type: "error", code: 22, text: "expected 1, found 2", msg_id: 2, in_reply_to: 1 },
      { type: "error", code: 1001, text: "custom", hint: "x", msg_id: 3, in_reply_to: 2 },
    ]);
  });

  it("answers any other exception with crash (13) and its message, and logs the stack", async () => {
    const t = initNode();
    t.node.on("boom", () => {
      throw new TypeError("cannot read x of undefined");
    });
    t.node.on("aboom", async () => Promise.reject(new Error("async failure")));
    t.feed({ src: "c1", dest: "n1", body: { type: "boom", msg_id: 1 } });
    t.feed({ src: "c1", dest: "n1", body: { type: "aboom", msg_id: 2 } });
    await settle();
    expect(t.out().map((m) => m.body)).toEqual([
      { type: "error", code: 13, text: "cannot read x of undefined", msg_id: 2, in_reply_to: 1 },
      { type: "error", code: 13, text: "async failure", msg_id: 3, in_reply_to: 2 },
    ]);
    expect(t.logs.join("")).toMatch(/\[n1\] error: handler for boom threw: TypeError: cannot read x of undefined\n\s+at /);
  });

  it("never replies to a request without msg_id, but logs why", () => {
    const t = initNode();
    t.feed({ src: "c1", dest: "n1", body: { type: "nope" } });
    expect(t.transport.output).toEqual([]);
    expect(t.logs.join("")).toMatch(/could not answer a "nope" from c1 with error 10.*no msg_id/);
  });
});

describe("bad input", () => {
  it.each([
    ["not JSON", "garbage", /not valid JSON/],
    ["a JSON array", "[1,2]", /expected a JSON object.*an array/],
    ["no src", '{"dest":"n1","body":{}}', /"src" must be a string, got nothing/],
    ["a string body", '{"src":"c1","dest":"n1","body":"hi"}', /"body" must be an object, got a string/],
    ["an empty line", "", /empty line/],
  ])("logs %s with the offending text, writes nothing, and answers the next request", (_what, line, why) => {
    const t = initNode();
    t.node.on("echo", Echo, (m) => ({ type: "echo_ok", echo: m.body.echo }));
    t.feed(line);
    expect(t.transport.output).toEqual([]);
    const log = t.logs.join("");
    expect(log).toMatch(why);
    if (line !== "") expect(log).toContain(JSON.stringify(line));
    t.feed({ src: "c1", dest: "n1", body: { type: "echo", echo: "next", msg_id: 8 } });
    expect(t.out()[0]!.body).toMatchObject({ type: "echo_ok", echo: "next", in_reply_to: 8 });
  });
});

describe("send and rpc", () => {
  it("send gives each message a fresh msg_id", () => {
    const t = initNode();
    expect(t.node.send("n2", { type: "gossip", values: [1] })).toBe(2);
    expect(t.node.send("n3", { type: "gossip", values: [] })).toBe(3);
    expect(t.transport.output).toEqual([
      '{"src":"n1","dest":"n2","body":{"type":"gossip","values":[1],"msg_id":2}}',
      '{"src":"n1","dest":"n3","body":{"type":"gossip","values":[],"msg_id":3}}',
    ]);
  });

  it("writes its own ids even when the body already carries msg_id or in_reply_to, and handles an empty body", () => {
    const t = initNode();
    t.node.on("copy", (m) => ({ ...(m.body as object), type: "copy_ok" }));
    t.feed({ src: "c1", dest: "n1", body: { type: "copy", msg_id: 40, in_reply_to: 7, x: 1 } });
    t.node.send("n2", { type: "ping" });
    expect(t.transport.output).toEqual([
      '{"src":"n1","dest":"c1","body":{"type":"copy_ok","msg_id":2,"in_reply_to":40,"x":1}}',
      '{"src":"n1","dest":"n2","body":{"type":"ping","msg_id":3}}',
    ]);
  });

  it("resolves an rpc with the reply body and leaves nothing pending", async () => {
    const t = initNode();
    const p = t.node.rpc("n2", { type: "read" });
    expect(t.node.pendingRpcCount).toBe(1);
    const sent = t.out()[0]!;
    t.feed({ src: "n2", dest: "n1", body: { type: "read_ok", value: 3, in_reply_to: sent.body.msg_id } });
    await expect(p).resolves.toEqual({ type: "read_ok", value: 3, in_reply_to: 2 });
    expect(t.node.pendingRpcCount).toBe(0);
    expect(t.clock.pending).toBe(0);
  });

  it("rejects an rpc with a typed error carrying the code of an error reply", async () => {
    const t = initNode();
    const p = t.node.rpc("lin-kv", { type: "read", key: "k" });
    t.feed({ src: "lin-kv", dest: "n1", body: { type: "error", code: 20, text: "key does not exist", in_reply_to: 2 } });
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect(err).toMatchObject({ code: 20, text: "key does not exist", kind: "key-does-not-exist", definite: true });
    expect(t.clock.pending).toBe(0);
  });

  it("rejects with code 0 on timeout, removes the entry, and drops the late reply with a log line", async () => {
    const t = initNode();
    const p = t.node.rpc("n2", { type: "read" }, { timeoutMs: 100 });
    const caught = p.catch((e: unknown) => e);
    t.clock.advance(99);
    expect(t.node.pendingRpcCount).toBe(1);
    t.clock.advance(1);
    const err = await caught;
    expect(err).toMatchObject({ code: 0, definite: false });
    expect((err as RpcError).text).toMatch(/no reply from n2 to read \(msg_id 2\) within 100 ms/);
    expect(t.node.pendingRpcCount).toBe(0);
    expect(t.clock.pending).toBe(0);
    t.feed({ src: "n2", dest: "n1", body: { type: "read_ok", in_reply_to: 2 } });
    expect(t.transport.output).toHaveLength(1); // only the request; no error sent back for the stray reply
    expect(t.logs.join("")).toMatch(/dropped a read_ok from n2 in reply to msg_id 2: no RPC is waiting/);
  });

  it("does not leak over many timed-out rpcs", async () => {
    const t = initNode();
    const all = Array.from({ length: 500 }, () => t.node.rpc("n2", { type: "x" }, { timeoutMs: 10 }).catch(() => "timed out"));
    t.clock.advance(10);
    expect(await Promise.all(all)).toEqual(Array(500).fill("timed out"));
    expect(t.node.pendingRpcCount).toBe(0);
    expect(t.clock.pending).toBe(0);
  });

  it("rpcCallback calls back exactly once", () => {
    const t = initNode();
    const calls: unknown[] = [];
    t.node.rpcCallback("n2", { type: "x" }, (err, body) => calls.push(err ? err.code : body), { timeoutMs: 50 });
    t.feed({ src: "n2", dest: "n1", body: { type: "x_ok", in_reply_to: 2 } });
    t.feed({ src: "n2", dest: "n1", body: { type: "x_ok", in_reply_to: 2 } });
    t.clock.advance(100);
    expect(calls).toEqual([{ type: "x_ok", in_reply_to: 2 }]);
  });
});

describe("rpcWithRetry", () => {
  /** Answers the n-th request sent to `dest` with `answer(n)` (undefined = stay silent). */
  function responder(t: ReturnType<typeof initNode>, answer: (n: number, body: Record<string, unknown>) => Record<string, unknown> | undefined) {
    let n = 0;
    t.transport.onOutput((line) => {
      const m = JSON.parse(line);
      const reply = answer(n++, m.body);
      if (reply) queueMicrotask(() => t.feed({ src: m.dest, dest: m.src, body: { ...reply, in_reply_to: m.body.msg_id } }));
    });
  }

  async function drive(t: ReturnType<typeof initNode>, p: Promise<unknown>, stepMs = 10, maxMs = 60_000) {
    let done = false;
    const r = p.then(
      (v) => ((done = true), { ok: v }),
      (e) => ((done = true), { err: e }),
    );
    for (let i = 0; i < maxMs / stepMs && !done; i++) {
      t.clock.advance(stepMs);
      await settle();
    }
    return r;
  }

  it("retries timeouts and temporary unavailability until an answer comes", async () => {
    const t = initNode();
    responder(t, (n) => (n === 0 ? undefined : n === 1 ? { type: "error", code: 11 } : { type: "ok" }));
    const r = await drive(t, t.node.rpcWithRetry("n2", { type: "op" }, { attemptTimeoutMs: 100, deadlineMs: 5000 }));
    expect(r).toEqual({ ok: { type: "ok", in_reply_to: 4 } });
    expect(t.out().filter((m) => m.body.type === "op")).toHaveLength(3);
    expect(t.node.pendingRpcCount).toBe(0);
  });

  it("does not retry a definite error such as 22", async () => {
    const t = initNode();
    responder(t, () => ({ type: "error", code: 22, text: "no" }));
    const r = await drive(t, t.node.rpcWithRetry("n2", { type: "cas" }));
    expect(r).toMatchObject({ err: { code: 22 } });
    expect(t.out()).toHaveLength(1);
  });

  it("gives up at the deadline with the last error and the number of attempts", async () => {
    const t = initNode();
    responder(t, () => undefined);
    const r = (await drive(t, t.node.rpcWithRetry("n2", { type: "op" }, { attemptTimeoutMs: 100, deadlineMs: 1000 }))) as { err: RpcError };
    expect(r.err.code).toBe(0);
    expect(r.err.text).toMatch(/gave up on op to n2 after \d+ attempt\(s\)/);
    expect(t.clock.now()).toBeLessThanOrEqual(1100);
    expect(t.node.pendingRpcCount).toBe(0);
  });
});

describe("timers", () => {
  it("every and after run on the node's clock and a throwing callback is only logged", () => {
    const t = initNode();
    const ticks: number[] = [];
    t.node.every(100, () => {
      ticks.push(t.clock.now());
      if (ticks.length === 2) throw new Error("tick failed");
    });
    t.node.after(250, () => void ticks.push(-t.clock.now()));
    t.clock.advance(350);
    expect(ticks).toEqual([100, 200, -250, 300]);
    expect(t.logs.join("")).toMatch(/every callback threw: Error: tick failed/);
  });

  it("stop cancels timers and times out pending rpcs", async () => {
    const t = initNode();
    let ticks = 0;
    t.node.every(10, () => void ticks++);
    const p = t.node.rpc("n2", { type: "x" }).catch((e: RpcError) => e.code);
    t.node.stop();
    t.clock.advance(100);
    expect(ticks).toBe(0);
    expect(await p).toBe(0);
    expect(t.clock.pending).toBe(0);
  });
});

describe("end of input", () => {
  it("resolves run() once input ends, after async handlers already under way", async () => {
    const t = initNode();
    t.node.on("later", async () => {
      await Promise.resolve();
      return { type: "later_ok" };
    });
    t.feed({ src: "c1", dest: "n1", body: { type: "later", msg_id: 1 } });
    t.transport.end();
    await t.running;
    expect(t.out().map((m) => m.body.type)).toEqual(["later_ok"]);
  });
});

describe("isolation", () => {
  it("many nodes live in one process without sharing state", () => {
    const clock = new VirtualClock();
    const nodes = ["n1", "n2", "n3"].map((id) => {
      const transport = new MemoryTransport();
      const node = new Node({ transport, clock, logWrite: () => {}, logLevel: "off" });
      node.on("whoami", () => ({ type: "whoami_ok", id: node.id }));
      void node.run();
      transport.push(JSON.stringify({ src: "c0", dest: id, body: { type: "init", node_id: id, node_ids: ["n1", "n2", "n3"], msg_id: 1 } }));
      transport.push(JSON.stringify({ src: "c1", dest: id, body: { type: "whoami", msg_id: 7 } }));
      return transport;
    });
    expect(nodes.map((tr) => JSON.parse(tr.output[1]!).body)).toEqual([
      { type: "whoami_ok", id: "n1", msg_id: 2, in_reply_to: 7 },
      { type: "whoami_ok", id: "n2", msg_id: 2, in_reply_to: 7 },
      { type: "whoami_ok", id: "n3", msg_id: 2, in_reply_to: 7 },
    ]);
  });
});
