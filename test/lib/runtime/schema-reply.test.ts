import { describe, expect, it } from "vitest";
import { z } from "zod";
import { initNode, settle } from "../../helpers/test-node.js";

// A schema's output is what the handler sees, and z.object strips the keys it
// does not name (msg_id among them); node.reply must still find the request's msg_id.
const X = z.object({ v: z.number() });

describe("a handler with a schema that replies itself with node.reply", () => {
  it("gets its reply out with in_reply_to set to the request's msg_id", () => {
    const t = initNode();
    t.node.on("x", X, (m, n) => {
      n.reply(m, { type: "x_ok" });
    });
    t.feed({ src: "c1", dest: "n1", body: { type: "x", v: 1, msg_id: 7 } });
    expect(t.out()).toEqual([{ src: "n1", dest: "c1", body: { type: "x_ok", msg_id: expect.any(Number), in_reply_to: 7 } }]);
    expect(t.logs.join("")).not.toMatch(/carries no msg_id/);
  });

  it("replies after an async step, and may reply twice", async () => {
    const t = initNode();
    t.node.on("x", X, async (m, n) => {
      await Promise.resolve();
      n.reply(m, { type: "x_ok", v: m.body.v });
      if (m.body.v > 1) n.reply(m, { type: "x_ok", again: true });
    });
    t.feed({ src: "c1", dest: "n1", body: { type: "x", v: 2, msg_id: 8 } });
    await settle();
    expect(t.out().map((o) => o.body)).toEqual([
      { type: "x_ok", v: 2, msg_id: expect.any(Number), in_reply_to: 8 },
      { type: "x_ok", again: true, msg_id: expect.any(Number), in_reply_to: 8 },
    ]);
  });

  it("still sees only what the schema produced as its body", () => {
    const t = initNode();
    let seen: unknown;
    t.node.on("x", X, (m) => {
      seen = m.body;
      return { type: "x_ok" };
    });
    t.feed({ src: "c1", dest: "n1", body: { type: "x", v: 3, extra: "dropped", msg_id: 9 } });
    expect(seen).toEqual({ v: 3 });
    expect(t.out()[0]!.body).toMatchObject({ type: "x_ok", in_reply_to: 9 });
  });

  it("an error thrown after its own reply is answered against the original request", async () => {
    const t = initNode();
    t.node.on("x", X, async (m, n) => {
      n.reply(m, { type: "x_ok" });
      throw new Error("after replying");
    });
    t.feed({ src: "c1", dest: "n1", body: { type: "x", v: 1, msg_id: 10 } });
    await settle();
    expect(t.out().map((o) => o.body)).toEqual([
      { type: "x_ok", msg_id: expect.any(Number), in_reply_to: 10 },
      { type: "error", code: 13, text: "after replying", msg_id: expect.any(Number), in_reply_to: 10 },
    ]);
  });

  it("a handler that makes an rpc and replies with its result answers the request, not the rpc", async () => {
    const t = initNode();
    t.node.on("x", X, async (m, n) => {
      const r = await n.rpc("n2", { type: "read" });
      n.reply(m, { type: "x_ok", value: r.value });
    });
    t.feed({ src: "c1", dest: "n1", body: { type: "x", v: 1, msg_id: 11 } });
    const req = t.out()[0]!;
    expect(req).toMatchObject({ dest: "n2", body: { type: "read" } });
    t.feed({ src: "n2", dest: "n1", body: { type: "read_ok", value: 42, msg_id: 1, in_reply_to: req.body.msg_id } });
    await settle();
    expect(t.out()[1]).toEqual({ src: "n1", dest: "c1", body: { type: "x_ok", value: 42, msg_id: expect.any(Number), in_reply_to: 11 } });
  });

  it("a request with a bad msg_id is still refused with the precise reason", () => {
    const t = initNode();
    t.node.on("x", X, (m, n) => {
      n.reply(m, { type: "x_ok" });
    });
    t.feed({ src: "c1", dest: "n1", body: { type: "x", v: 1, msg_id: "seven" } });
    expect(t.out()).toEqual([]);
    expect(t.logs.join("")).toMatch(/not replying to a "x" from c1: msg_id "seven" is a string, not a number/);
  });
});
