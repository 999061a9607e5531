import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../../lib/runtime/virtual-clock.js";
import { ClientTimeout, ErrorReply, MaelstromClient, MalformedResponse } from "../../../maelstrom-workloads/run/client.js";
import { completeWithErrors } from "../../../maelstrom-workloads/model/complete-op.js";
import { type NetMessage, Network } from "../../../maelstrom-workloads/network/network.js";
import { anyValue, closedResponse, sequence } from "../../../maelstrom-workloads/model/response-schema.js";

function rig() {
  const clock = new VirtualClock();
  const net = new Network({ clock, latency: () => 0, journal: () => {}, nowNs: () => 0 });
  const inbox: NetMessage[] = [];
  net.register("n1", { deliver: (m) => inbox.push(m) });
  const client = new MaelstromClient("c3", net, clock).open();
  const reply = (body: Record<string, unknown>) => net.send("n1", "c3", body);
  return { clock, net, inbox, client, reply };
}

describe("MaelstromClient", () => {
  it("numbers requests from 1 and accepts only the reply to the outstanding msg_id, from anyone", async () => {
    const { inbox, client, reply } = rig();
    const p = client.rpc("n1", { type: "echo", echo: "x" }, 1000);
    expect(inbox[0]!.body).toEqual({ type: "echo", echo: "x", msg_id: 1 });
    reply({ type: "echo_ok", in_reply_to: 99 }); // stray: dropped
    reply({ type: "echo_ok", echo: "x", in_reply_to: 1 });
    await expect(p).resolves.toEqual({ type: "echo_ok", echo: "x", in_reply_to: 1 });
  });

  it("times out, then drops the late reply", async () => {
    const { clock, client, reply } = rig();
    const p = client.rpc("n1", { type: "read" }, 5000).catch((e: unknown) => e);
    clock.advance(5000);
    expect(await p).toBeInstanceOf(ClientTimeout);
    reply({ type: "read_ok", in_reply_to: 1 });
    const p2 = client.rpc("n1", { type: "read" }, 5000);
    reply({ type: "read_ok", messages: [], in_reply_to: 2 });
    await expect(p2).resolves.toMatchObject({ in_reply_to: 2 });
  });

  it("turns an error reply into ErrorReply with Maelstrom's name and definiteness, unchecked by the schema", async () => {
    const { client, reply } = rig();
    const p = client.rpc("n1", { type: "read" }, 1000, closedResponse("read_ok", { messages: sequence })).catch((e: unknown) => e);
    reply({ type: "error", code: 11, text: "busy", extra: true, in_reply_to: 1 });
    expect(await p).toMatchObject({ code: 11, kind: "temporarily-unavailable", definite: true, text: "busy" });
    expect(await p).toBeInstanceOf(ErrorReply);
  });

  it("refuses a second request while one is outstanding", () => {
    const { client } = rig();
    void client.rpc("n1", { type: "a" }, 1000).catch(() => {});
    expect(() => client.rpc("n1", { type: "b" }, 1000)).toThrow(/outstanding/);
  });
});

describe("closedResponse", () => {
  const readOk = closedResponse("read_ok", { messages: sequence });
  it.each([
    [{ type: "read_ok", messages: [1], in_reply_to: 1 }, undefined],
    [{ type: "read_ok", messages: [], in_reply_to: 1, msg_id: 4 }, undefined],
    [{ type: "read_ok", messages: [1], in_reply_to: 1, count: 1 }, /unexpected field\(s\) "count"/],
    [{ type: "read_ok", messages: {}, in_reply_to: 1 }, /messages must be a JSON array/],
    [{ type: "read_ok", in_reply_to: 1 }, /messages is missing/],
    [{ type: "read_ok", messages: [], in_reply_to: 1.5 }, /in_reply_to must be an integer/],
    [{ type: "read_ok", messages: [], in_reply_to: 1, msg_id: "x" }, /msg_id must be an integer/],
    [{ type: "reed_ok", messages: [], in_reply_to: 1 }, /type must be "read_ok"/],
  ])("%j -> %s", (body, problem) => {
    const r = readOk(body);
    if (problem === undefined) expect(r).toBeUndefined();
    else expect(r).toMatch(problem);
  });

  it("requires a present value for any-typed fields", () => {
    expect(closedResponse("echo_ok", { echo: anyValue })({ type: "echo_ok", in_reply_to: 1 })).toMatch(/echo is missing/);
    expect(closedResponse("echo_ok", { echo: anyValue })({ type: "echo_ok", echo: null, in_reply_to: 1 })).toBeUndefined();
  });
});

describe("completeWithErrors (Maelstrom's with-errors)", () => {
  const timeout = new ClientTimeout("n1", 5000, { type: "x", msg_id: 1 });
  const definite = new ErrorReply(11, "busy", {});
  const indefinite = new ErrorReply(13, "boom", {});
  const custom = new ErrorReply(1001, "mine", {});
  it.each([
    ["timeout, not idempotent", timeout, false, { type: "info", error: "net-timeout" }],
    ["timeout, idempotent", timeout, true, { type: "fail", error: "net-timeout" }],
    ["definite error", definite, false, { type: "fail", error: ["temporarily-unavailable", "busy"] }],
    ["indefinite error", indefinite, false, { type: "info", error: ["crash", "boom"] }],
    ["indefinite error, idempotent", indefinite, true, { type: "fail", error: ["crash", "boom"] }],
    ["user code", custom, false, { type: "info", error: ["unknown", "mine"] }],
    ["malformed response", new MalformedResponse({ a: 1 }, "bad"), true, { type: "info", error: 'indeterminate: Malformed RPC response {"a":1}: bad' }],
  ])("%s", (_what, e, idempotent, expected) => {
    expect(completeWithErrors(e, "v", idempotent)).toMatchObject({ ...expected, value: "v" });
  });
});
