import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { isNodeProgramExit } from "../../lib/index.js";
import { MemoryTransport } from "../../lib/runtime/memory-transport.js";
import { Node } from "../../lib/runtime/node.js";
import { loadNodeProgram, type NodeProgram } from "../../lib/runtime/node-program.js";
import { VirtualClock } from "../../lib/runtime/virtual-clock.js";
import installLinKv from "../../nodes/lin-kv.js";

// nodes/lin-kv.ts in this process, against a hand-written lin-kv service (a
// map, or silence): what it forwards, and which error the client gets.

const root = resolve(import.meta.dirname, "../..");
const program = await loadNodeProgram(join(root, "nodes/lin-kv.ts"));
const cached = await loadNodeProgram(join(root, "test/fixtures/nodes/cached-lin-kv.ts"));
type Msg = { src: string; dest: string; body: Record<string, unknown> };

/** One node n1 running `p`, a client c1, and a lin-kv service that answers as `service` says (undefined: never). */
function host(p: NodeProgram, args: string[], service: (body: Record<string, unknown>) => Record<string, unknown> | undefined) {
  const clock = new VirtualClock();
  const transport = new MemoryTransport();
  const node = new Node({ transport, clock, random: () => 0.5, logLevel: "off", logWrite: () => {} });
  p(node, args);
  const toClient: Record<string, unknown>[] = [];
  const toService: Record<string, unknown>[] = [];
  transport.onOutput((line) => {
    const m = JSON.parse(line) as Msg;
    if (m.dest === "c1") return void toClient.push(m.body);
    expect(m.dest).toBe("lin-kv");
    toService.push(m.body);
    const answer = service(m.body);
    if (answer) clock.after(5, () => transport.push(JSON.stringify({ src: "lin-kv", dest: "n1", body: { ...answer, in_reply_to: m.body.msg_id } })));
  });
  void node.run();
  let msgId = 0;
  const send = (body: Record<string, unknown>) => transport.push(JSON.stringify({ src: "c1", dest: "n1", body: { ...body, msg_id: ++msgId } }));
  send({ type: "init", node_id: "n1", node_ids: ["n1"] });
  /** Sends a request and returns the node's first message to the client once the clock has moved `ms` (undefined: none). */
  const ask = async (body: Record<string, unknown>, ms = 20) => {
    const before = toClient.length;
    send(body);
    await clock.advanceAsync(ms);
    return toClient.slice(before).map(({ msg_id: _i, in_reply_to: _j, ...b }) => b)[0];
  };
  const started = clock.advanceAsync(1).then(() => expect(toClient.map((b) => b.type)).toEqual(["init_ok"]));
  return { ask, toService, started };
}

/** A lin-kv service as Maelstrom's: a map, errors 20 and 22 with Maelstrom's texts. */
function mapService() {
  const state = new Map<string, unknown>();
  return (b: Record<string, unknown>): Record<string, unknown> => {
    const k = JSON.stringify(b.key);
    switch (b.type) {
      case "read":
        return state.has(k) ? { type: "read_ok", value: state.get(k) } : { type: "error", code: 20, text: "key does not exist" };
      case "write":
        state.set(k, b.value);
        return { type: "write_ok" };
      case "cas":
        if (!state.has(k)) return { type: "error", code: 20, text: "key does not exist" };
        if (JSON.stringify(state.get(k)) !== JSON.stringify(b.from)) return { type: "error", code: 22, text: `current value ${JSON.stringify(state.get(k))} is not ${JSON.stringify(b.from)}` };
        state.set(k, b.to);
        return { type: "cas_ok" };
      default:
        throw new Error(`unexpected ${String(b.type)}`);
    }
  };
}

describe("nodes/lin-kv.ts", () => {
  it("forwards read, write and cas to lin-kv and answers with the service's result or error", async () => {
    const h = host(program, [], mapService());
    await h.started;
    expect(await h.ask({ type: "read", key: 0 })).toEqual({ type: "error", code: 20, text: "key does not exist" });
    expect(await h.ask({ type: "cas", key: 0, from: 1, to: 2 })).toEqual({ type: "error", code: 20, text: "key does not exist" });
    expect(await h.ask({ type: "write", key: 0, value: 1 })).toEqual({ type: "write_ok" });
    expect(await h.ask({ type: "cas", key: 0, from: 3, to: 2 })).toEqual({ type: "error", code: 22, text: "current value 1 is not 3" });
    expect(await h.ask({ type: "cas", key: 0, from: 1, to: 2 })).toEqual({ type: "cas_ok" });
    expect(await h.ask({ type: "read", key: 0 })).toEqual({ type: "read_ok", value: 2 });
    expect(h.toService.map(({ msg_id: _m, ...b }) => b)).toEqual([
      { type: "read", key: 0 },
      { type: "cas", key: 0, from: 1, to: 2 },
      { type: "write", key: 0, value: 1 },
      { type: "cas", key: 0, from: 3, to: 2 },
      { type: "cas", key: 0, from: 1, to: 2 },
      { type: "read", key: 0 },
    ]);
  });

  it("a service that does not answer within --kv-timeout gives error 0 (timeout: indefinite, so a write stays info)", async () => {
    const h = host(program, ["--kv-timeout", "300"], () => undefined);
    await h.started;
    expect(await h.ask({ type: "write", key: 0, value: 1 }, 299)).toBeUndefined();
    expect(await h.ask({ type: "write", key: 0, value: 1 }, 301)).toMatchObject({ type: "error", code: 0 });
  });

  it.each([
    [["--help"], 0, /usage: nodes\/lin-kv\.ts/],
    [["-h"], 0, /--kv-timeout MS/],
    [["--kv-timeout"], 2, /--kv-timeout expects a whole number of ms >= 1, got nothing/],
    [["--kv-timeout", "0"], 2, /got "0"/],
    [["--kv-timeout", "1.5"], 2, /got "1.5"/],
    [["fast"], 2, /unexpected argument "fast"/],
  ])("%j exits %i", (args, code, text) => {
    const node = new Node({ transport: new MemoryTransport(), clock: new VirtualClock(), logLevel: "off", logWrite: () => {} });
    let thrown: unknown;
    try {
      installLinKv(node, args);
    } catch (e) {
      thrown = e;
    }
    expect(isNodeProgramExit(thrown)).toBe(true);
    expect(thrown).toMatchObject({ code, text: expect.stringMatching(text) });
  });
});

describe("the faulty test/fixtures/nodes/cached-lin-kv.ts", () => {
  it("answers a read it has seen from memory, missing writes made through the service by others", async () => {
    const service = mapService();
    const h = host(cached, [], service);
    await h.started;
    expect(await h.ask({ type: "write", key: 0, value: 1 })).toEqual({ type: "write_ok" });
    service({ type: "write", key: 0, value: 4 }); // another node's write
    expect(await h.ask({ type: "read", key: 0 })).toEqual({ type: "read_ok", value: 1 });
    expect(h.toService.filter((b) => b.type === "read")).toEqual([]);
  });
});
