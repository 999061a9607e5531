import { describe, expect, it } from "vitest";
import { z } from "zod";
import { installBroadcast } from "../../../lib/broadcast/broadcast-node.js";
import { PRESETS } from "../../../lib/broadcast/broadcast-settings.js";
import type { OutgoingBody } from "../../../lib/protocol/message.js";
import { RpcError } from "../../../lib/protocol/rpc-error.js";
import { initNode, newNode, settle } from "../../helpers/test-node.js";

const init = (id = "n1") => ({ src: "c0", dest: id, body: { type: "init", node_id: id, node_ids: [id, "n2"], msg_id: 1 } });

function nested(depth: number): unknown {
  let v: unknown = 0;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** A node that has answered init, with an echo handler, for checking that it still serves. */
function servingNode() {
  const t = initNode();
  t.node.on("echo", (m) => ({ type: "echo_ok", echo: m.body.echo }));
  return {
    ...t,
    /** Asserts that the node still answers a plain echo. */
    stillServes(msgId = 999) {
      t.transport.output.length = 0;
      t.feed({ src: "c9", dest: "n1", body: { type: "echo", echo: "still here", msg_id: msgId } });
      expect(t.out()).toEqual([{ src: "n1", dest: "c9", body: { type: "echo_ok", echo: "still here", msg_id: expect.any(Number), in_reply_to: msgId } }]);
    },
  };
}

describe("a reply that cannot be built or written becomes error 13 (item 1, 2)", () => {
  const cycle: Record<string, unknown> = { type: "x_ok" };
  cycle.self = cycle;
  it.each<[string, () => unknown, RegExp]>([
    ["arrays nested 100,000 deep (JSON.stringify overflows the stack)", () => ({ type: "x_ok", deep: nested(100_000) }), /could not serialise the x_ok reply to c1.*(stack|nested)/i],
    ["a BigInt", () => ({ type: "x_ok", n: 10n }), /could not serialise the x_ok reply to c1.*BigInt/],
    ["a cycle", () => cycle, /could not serialise the x_ok reply to c1.*circular/i],
    ["null", () => null, /handler for x returned null; a handler must return a reply body/],
    ["a string", () => "ok", /handler for x returned a string/],
    ["a number", () => 42, /handler for x returned a number/],
    ["an object without a type", () => ({ ok: true }), /handler for x returned an object without a string "type"/],
    ["a body whose toJSON throws", () => ({ type: "x_ok", toJSON: () => { throw new Error("boom in toJSON"); } }), /boom in toJSON/],
  ])("%s", (_what, result, why) => {
    const t = servingNode();
    t.node.on("x", () => result() as OutgoingBody);
    t.feed({ src: "c1", dest: "n1", body: { type: "x", msg_id: 5 } });
    const out = t.out();
    expect(out).toHaveLength(1);
    expect(out[0]!.body).toMatchObject({ type: "error", code: 13, in_reply_to: 5 });
    expect(out[0]!.body.text).toMatch(why);
    expect(t.logs.join("")).toMatch(why);
    t.stillServes();
  });

  it("an async handler that resolves to null gets error 13, not silence", async () => {
    const t = servingNode();
    t.node.on("x", async () => null as unknown as OutgoingBody);
    t.feed({ src: "c1", dest: "n1", body: { type: "x", msg_id: 6 } });
    await settle();
    expect(t.out().map((m) => m.body)).toEqual([{ type: "error", code: 13, text: expect.stringMatching(/handler for x returned null/), msg_id: expect.any(Number), in_reply_to: 6 }]);
    t.stillServes();
  });

  it("an async handler whose body cannot be serialised gets error 13", async () => {
    const t = servingNode();
    t.node.on("x", async () => ({ type: "x_ok", n: 1n }));
    t.feed({ src: "c1", dest: "n1", body: { type: "x", msg_id: 6 } });
    await settle();
    expect(t.out().map((m) => m.body)).toMatchObject([{ type: "error", code: 13, in_reply_to: 6 }]);
    t.stillServes();
  });

  it("a schema whose refinement throws gets error 13 naming the schema", () => {
    const t = servingNode();
    const Bad = z.object({ v: z.number() }).refine(() => {
      throw new Error("refinement exploded");
    });
    t.node.on("x", Bad, () => ({ type: "x_ok" }));
    t.feed({ src: "c1", dest: "n1", body: { type: "x", v: 1, msg_id: 7 } });
    expect(t.out().map((m) => m.body)).toEqual([{ type: "error", code: 13, text: expect.stringMatching(/schema for x threw: refinement exploded/), msg_id: expect.any(Number), in_reply_to: 7 }]);
    t.stillServes();
  });

  it("the echo of 5,000 nested arrays: error 13 to the sender, the init_ok before it kept", () => {
    const t = newNode();
    t.node.on("echo", (m) => ({ type: "echo_ok", echo: m.body.echo }));
    t.feed(init());
    // Deeper than the 5,000, so that JSON.stringify overflows under any stack size vitest uses.
    t.feed(`{"src":"c1","dest":"n1","body":{"type":"echo","echo":${"[".repeat(100_000)}0${"]".repeat(100_000)},"msg_id":2}}`);
    const out = t.out();
    expect(out.map((m) => m.body.type)).toEqual(["init_ok", "error"]);
    expect(out[1]!.body).toMatchObject({ code: 13, in_reply_to: 2 });
  });

  it("a message without a type whose body is too deep to show is still answered with error 12", () => {
    const t = servingNode();
    t.feed(`{"src":"c1","dest":"n1","body":{"x":${"[".repeat(100_000)}${"]".repeat(100_000)},"msg_id":3}}`);
    expect(t.out().map((m) => m.body)).toMatchObject([{ type: "error", code: 12, in_reply_to: 3 }]);
    t.stillServes();
  });

  it("an error body that cannot be serialised becomes a plain error 13", () => {
    const t = servingNode();
    t.node.on("x", () => {
      throw new RpcError(22, "precondition failed", { current: 1n });
    });
    t.feed({ src: "c1", dest: "n1", body: { type: "x", msg_id: 4 } });
    expect(t.out().map((m) => m.body)).toEqual([
      { type: "error", code: 13, text: expect.stringMatching(/could not serialise the error reply \(code 22\) to c1.*BigInt/), msg_id: expect.any(Number), in_reply_to: 4 },
    ]);
    t.stillServes();
  });

  it("when not even the error can be sent, one log line and the node keeps serving", () => {
    const t = servingNode();
    // The wire cannot carry a src that is not a string; handleMessage is public, so a host could pass one.
    t.node.handleMessage({ src: 1n as unknown as string, dest: "n1", body: { type: "echo", echo: 1, msg_id: 4 } });
    expect(t.transport.output).toEqual([]);
    expect(t.logs.join("")).toMatch(/could not send error 13 .*BigInt/);
    t.stillServes();
  });
});

describe("a throwing rpcCallback callback is logged, and the node keeps serving (item 2)", () => {
  it("when the reply arrives", () => {
    const t = servingNode();
    t.node.rpcCallback("n2", { type: "ping" }, () => {
      throw new Error("callback exploded");
    });
    const sent = t.out()[0]!;
    t.transport.output.length = 0;
    expect(() => t.feed({ src: "n2", dest: "n1", body: { type: "pong", in_reply_to: sent.body.msg_id } })).not.toThrow();
    expect(t.logs.join("")).toMatch(/callback for the reply to msg_id \d+ from n2 threw \(the node keeps serving\): Error: callback exploded/);
    expect(t.node.pendingRpcCount).toBe(0);
    t.stillServes();
  });
});

describe("msg_id that cannot be echoed exactly (item 9)", () => {
  it.each<[string, string, RegExp]>([
    ["a float", "1.5", /msg_id 1\.5 is not an integer/],
    ["a negative number", "-3", /msg_id -3 is negative/],
    ["a string", '"7"', /msg_id "7" is a string, not a number/],
    ["beyond 2^53", "12345678901234567891", /msg_id 12345678901234567891 is beyond 2\^53 and cannot be echoed exactly/],
    ["beyond 2^53 in exponent form", "1e300", /msg_id 1e300 is beyond 2\^53 and cannot be echoed exactly/],
  ])("%s: never answered with a different in_reply_to, and the log says what is wrong", (_what, raw, why) => {
    const t = servingNode();
    t.feed(`{"src":"c1","dest":"n1","body":{"type":"echo","echo":{"msg_id":1},"msg_id":${raw}}}`);
    expect(t.transport.output).toEqual([]);
    expect(t.logs.join("")).toMatch(why);
    t.stillServes();
  });

  it("an error reply (unknown type) to a bad msg_id is refused the same way", () => {
    const t = servingNode();
    t.feed('{"src":"c1","dest":"n1","body":{"type":"nope","msg_id":9007199254740993}}');
    expect(t.transport.output).toEqual([]);
    expect(t.logs.join("")).toMatch(/could not answer a "nope" from c1 with error 10.*msg_id 9007199254740993 is beyond 2\^53/);
  });

  it("2^53 - 1 is still answered exactly", () => {
    const t = servingNode();
    t.feed('{"src":"c1","dest":"n1","body":{"type":"echo","echo":1,"msg_id":9007199254740991}}');
    expect(t.transport.output).toEqual(['{"src":"n1","dest":"c1","body":{"type":"echo_ok","echo":1,"msg_id":2,"in_reply_to":9007199254740991}}']);
  });
});

describe("requests before init get error 11 and reach no handler (item 13)", () => {
  it("echo", () => {
    const t = newNode();
    let calls = 0;
    t.node.on("echo", (m) => {
      calls++;
      return { type: "echo_ok", echo: m.body.echo };
    });
    t.feed({ src: "c1", dest: "n1", body: { type: "echo", echo: "early", msg_id: 3 } });
    expect(calls).toBe(0);
    expect(t.out()).toEqual([
      { src: "n1", dest: "c1", body: { type: "error", code: 11, text: expect.stringMatching(/has not received init yet/), msg_id: 1, in_reply_to: 3 } },
    ]);
    expect(t.logs.join("")).not.toMatch(/threw|stack/);
    t.feed(init());
    t.feed({ src: "c1", dest: "n1", body: { type: "echo", echo: "late", msg_id: 4 } });
    expect(t.out().slice(1).map((m) => m.body.type)).toEqual(["init_ok", "echo_ok"]);
    expect(calls).toBe(1);
  });

  it("broadcast stores nothing before init", () => {
    const t = newNode();
    installBroadcast(t.node, PRESETS.frugal!);
    t.feed({ src: "c1", dest: "n1", body: { type: "broadcast", message: 42, msg_id: 1 } });
    expect(t.out().map((m) => m.body)).toEqual([{ type: "error", code: 11, text: expect.stringMatching(/has not received init yet/), msg_id: 1, in_reply_to: 1 }]);
    expect(t.logs.join("")).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    t.feed(init());
    t.feed({ src: "c1", dest: "n1", body: { type: "read", msg_id: 2 } });
    expect(t.out().at(-1)!.body).toMatchObject({ type: "read_ok", messages: [], in_reply_to: 2 });
    t.node.stop();
  });

  it("a reply that arrives before init is dropped with a log line, not answered", () => {
    const t = newNode();
    t.feed({ src: "n2", dest: "n1", body: { type: "gossip_ok", in_reply_to: 5 } });
    expect(t.transport.output).toEqual([]);
    expect(t.logs.join("")).toMatch(/dropped a gossip_ok from n2 in reply to msg_id 5/);
  });
});
