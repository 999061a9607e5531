import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../../lib/runtime/virtual-clock.js";
import { broadcastWorkload } from "../../../maelstrom-workloads/broadcast.js";
import { echoWorkload } from "../../../maelstrom-workloads/echo.js";
import { analyse } from "../../../maelstrom-workloads/run/analyse.js";
import { MaelstromClient } from "../../../maelstrom-workloads/run/client.js";
import { Network } from "../../../maelstrom-workloads/network/network.js";
import type { Op } from "../../../maelstrom-workloads/model/op.js";
import { anyValue, closedResponse, sequence } from "../../../maelstrom-workloads/model/response-schema.js";
import type { OpRequest, Workload } from "../../../maelstrom-workloads/workload.js";

/**
 * Where Maelstrom's response schemas accept null. Maelstrom checks replies
 * with Prismatic schema (src/maelstrom/client.clj, defrpc + recv-schema):
 * a vector schema such as broadcast's `:messages [s/Any]` has a precondition
 * that lets nil through (schema/core.cljc, the APersistentVector extension),
 * s/Any takes nil, while s/Int (`integer?`), s/eq and map schemas (`map?`) do
 * not, and a required key must be present whatever its schema.
 */
describe("response schemas and null, as Prismatic schema", () => {
  const readOk = closedResponse("read_ok", { messages: sequence });
  it.each([
    ["messages null: [s/Any] accepts nil", { type: "read_ok", messages: null, in_reply_to: 1 }, undefined],
    ["messages an array", { type: "read_ok", messages: [1, null], in_reply_to: 1 }, undefined],
    ["messages missing: a required key", { type: "read_ok", in_reply_to: 1 }, /messages is missing/],
    ["messages an object: not sequential", { type: "read_ok", messages: {}, in_reply_to: 1 }, /messages must be a JSON array or null/],
    ["messages a string: not sequential", { type: "read_ok", messages: "1,2", in_reply_to: 1 }, /messages must be a JSON array or null/],
    ["in_reply_to null: s/Int refuses nil", { type: "read_ok", messages: [], in_reply_to: null }, /in_reply_to must be an integer, got null/],
    ["msg_id null: an optional key, but present and s/Int", { type: "read_ok", messages: [], in_reply_to: 1, msg_id: null }, /msg_id must be an integer, got null/],
    ["type null: s/eq refuses nil", { type: null, messages: [], in_reply_to: 1 }, /type must be "read_ok"/],
  ])("read_ok, %s", (_why, body, problem) => {
    const r = readOk(body as Record<string, unknown>);
    if (problem === undefined) expect(r).toBeUndefined();
    else expect(r).toMatch(problem);
  });

  it("echo_ok: s/Any takes a null echo, but the key must be there", () => {
    const echoOk = closedResponse("echo_ok", { echo: anyValue });
    expect(echoOk({ type: "echo_ok", echo: null, in_reply_to: 1 })).toBeUndefined();
    expect(echoOk({ type: "echo_ok", in_reply_to: 1 })).toMatch(/echo is missing/);
  });

  it("broadcast_ok and topology_ok have no field that could be null: a null in_reply_to still fails", () => {
    for (const t of ["broadcast_ok", "topology_ok"]) {
      expect(closedResponse(t)({ type: t, in_reply_to: 1 })).toBeUndefined();
      expect(closedResponse(t)({ type: t, in_reply_to: null })).toMatch(/in_reply_to must be an integer/);
    }
  });
});

/** One client against a fake node n1 that answers every request with `reply(body)`. */
function rig(reply: (req: Record<string, unknown>) => Record<string, unknown>) {
  const clock = new VirtualClock();
  const net = new Network({ clock, latency: () => 0, journal: () => {}, nowNs: () => 0 });
  net.register("n1", { deliver: (m) => net.send("n1", m.src, { ...reply(m.body), in_reply_to: m.body.msg_id }) });
  return { client: () => new MaelstromClient("c1", net, clock).open() };
}

async function perform(w: Workload, client: MaelstromClient, op: OpRequest) {
  return w.invoke(client, "n1", op);
}

describe("a node that answers read with messages: null (a Go node's empty slice)", () => {
  const ctx = { nodes: ["n1"], concurrency: 1, seed: 1, latencyMean: 0, topology: "grid" };

  it("the read is ok and empty, not a malformed response", async () => {
    const w = broadcastWorkload(ctx);
    const { client } = rig((req) => (req.type === "read" ? { type: "read_ok", messages: null } : { type: "broadcast_ok" }));
    await expect(perform(w, client(), { f: "read", value: null })).resolves.toEqual({ type: "ok", value: null });
  });

  it("a null final read counts: the acknowledged value it lacks is lost, and availability is total", async () => {
    const w = broadcastWorkload(ctx);
    const { client } = rig((req) => (req.type === "read" ? { type: "read_ok", messages: null } : { type: "broadcast_ok" }));
    const c = client();
    const history: Op[] = [];
    const record = async (op: OpRequest) => {
      history.push({ index: history.length, time: history.length * 1e6, type: "invoke", process: 0, f: op.f, value: op.value, ...(op.final ? { final: true } : {}) });
      const done = await perform(w, c, op);
      history.push({ index: history.length, time: history.length * 1e6, process: 0, f: op.f, ...done, ...(op.final ? { final: true } : {}) } as Op);
    };
    await record({ f: "broadcast", value: 0 });
    await record(w.finalOp!(0));
    expect(history.map((o) => [o.type, o.f, o.value])).toEqual([
      ["invoke", "broadcast", 0],
      ["ok", "broadcast", 0],
      ["invoke", "read", null],
      ["ok", "read", null],
    ]);
    const r = analyse(w, history, [], { availability: "total", lateness: [], stopped: [], seed: 1 });
    expect(r.workload).toMatchObject({ "valid?": false, "lost-count": 1, lost: [0], "never-read-count": 0 });
    expect(r.availability).toEqual({ "valid?": true, "ok-fraction": 1 });
    expect(r["valid?"]).toBe(false);
  });

  it("echo's schema is unchanged: a null echo is a well-formed reply (the echo checker judges the value)", async () => {
    const w = echoWorkload(ctx);
    const { client } = rig(() => ({ type: "echo_ok", echo: null }));
    await expect(perform(w, client(), { f: "echo", value: "Please echo 1" })).resolves.toMatchObject({ type: "ok" });
  });
});
