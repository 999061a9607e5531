import { describe, expect, it } from "vitest";
import { installBroadcast } from "../../../lib/broadcast/broadcast-node.js";
import { type BroadcastSettings, PRESETS } from "../../../lib/broadcast/broadcast-settings.js";
import { neighboursFromTopology } from "../../../lib/broadcast/overlay.js";
import { newNode } from "../../helpers/test-node.js";

/** A broadcast node that has answered init as `id` among `ids`; output cleared. */
function broadcastNode(id = "n1", ids = ["n1", "n2", "n3"], settings: Partial<BroadcastSettings> = {}) {
  const t = newNode();
  const queue = installBroadcast(t.node, { ...PRESETS.frugal!, ...settings });
  t.feed({ src: "c0", dest: id, body: { type: "init", node_id: id, node_ids: ids, msg_id: 1 } });
  expect(t.out().map((m) => m.body.type)).toEqual(["init_ok"]);
  t.transport.output.length = 0;
  t.logs.length = 0;
  let msgId = 100;
  /** Sends a raw line (so numbers are exactly as written) and returns the reply body. */
  const ask = (bodyJson: string, src = "c1") => {
    const before = t.transport.output.length;
    const line = `{"src":"${src}","dest":"${id}","body":${bodyJson.replace(/}$/, `,"msg_id":${++msgId}}`)}}`;
    t.feed(line);
    const replies = t.transport.output.slice(before).filter((l) => l.includes(`"in_reply_to":${msgId}`));
    return { line: replies[0], body: replies[0] === undefined ? undefined : (JSON.parse(replies[0]).body as Record<string, unknown>) };
  };
  return { ...t, queue, ask };
}

describe("broadcast values are never altered (issue 7 item 10)", () => {
  it("keeps the largest safe integer exact through broadcast and read", () => {
    const t = broadcastNode();
    expect(t.ask('{"type":"broadcast","message":9007199254740991}').body?.type).toBe("broadcast_ok");
    expect(t.ask('{"type":"broadcast","message":-9007199254740991}').body?.type).toBe("broadcast_ok");
    expect(t.ask('{"type":"broadcast","message":"12345678901234567891"}').body?.type).toBe("broadcast_ok");
    expect(t.ask('{"type":"read"}').line).toContain('"messages":[9007199254740991,-9007199254740991,"12345678901234567891"]');
  });

  it.each(["12345678901234567891", "9007199254740993", "9007199254740992", "-9007199254740993", "1.5", "1e400"])("refuses %s with error 12 and stores nothing", (n) => {
    const t = broadcastNode();
    const r = t.ask(`{"type":"broadcast","message":${n}}`).body!;
    expect(r).toMatchObject({ type: "error", code: 12 });
    expect(r.text).toMatch(/cannot be kept exactly/);
    expect(t.ask('{"type":"read"}').body).toMatchObject({ type: "read_ok", messages: [] });
  });

  it("drops a peer's unsafe values from gossip with a log line, keeps the others, and still acknowledges the batch", () => {
    const t = broadcastNode();
    t.feed('{"src":"n2","dest":"n1","body":{"type":"gossip","seq":1,"values":[1,12345678901234567891,2,0.5],"acks":[]}}');
    expect(t.out()).toEqual([]);
    expect(t.ask('{"type":"read"}').body).toMatchObject({ messages: [1, 2] });
    expect(t.logs.join("")).toMatch(/dropped 2 value\(s\) in a gossip from n2.*12345678901234567000/);
    t.clock.advance(PRESETS.frugal!.ackDelayMs + 100);
    expect(t.out().filter((m) => m.dest === "n2").map((m) => m.body.acks)).toEqual([[1]]);
  });
});

describe("gossip from senders outside node_ids (issue 7 item 11)", () => {
  it("is ignored: the queue keeps no state for made-up ids, and the log stays bounded", () => {
    const t = broadcastNode();
    t.ask('{"type":"broadcast","message":7}');
    for (let i = 0; i < 5000; i++) t.feed({ src: `x${i}`, dest: "n1", body: { type: "gossip", seq: 1, values: [], acks: [] } });
    t.feed({ src: "n1", dest: "n1", body: { type: "gossip", seq: 1, values: [8], acks: [] } });
    expect(t.queue.peers.sort()).toEqual(["n2", "n3"]); // n1 is the hub: its leaves, and no one else
    expect(t.ask('{"type":"read"}').body).toMatchObject({ messages: [7] });
    expect(t.logs.length).toBeLessThanOrEqual(102);
    expect(t.logs.join("")).toMatch(/ignoring gossip from x0: not one of node_ids/);
    expect(t.logs.join("")).not.toMatch(/from x4999/);
    t.clock.advance(10_000);
    expect(t.out().filter((m) => m.body.type === "gossip" && m.dest !== "n2" && m.dest !== "n3")).toEqual([]);
  });

  it("still takes gossip from the cluster's own nodes", () => {
    const t = broadcastNode();
    t.feed({ src: "n3", dest: "n1", body: { type: "gossip", seq: 1, values: [5], acks: [] } });
    expect(t.queue.peers).toContain("n3");
    expect(t.ask('{"type":"read"}').body).toMatchObject({ messages: [5] });
  });
});

describe("topology from outside (issue 7 item 12)", () => {
  it("keeps neighbours to node_ids minus this node, and logs the dropped ones on one line", () => {
    const t = broadcastNode("n1", ["n1", "n2", "n3"], { overlay: "topology" });
    const topo = { n1: ["n2", "c1", "lin-kv", "toString", "__proto__", "zz9", "n1", "n2"], n2: ["n1"], n3: [] };
    expect(t.ask(JSON.stringify({ type: "topology", topology: topo })).body?.type).toBe("topology_ok");
    expect(t.queue.activePeers).toEqual(["n2"]);
    const dropped = t.logs.filter((l) => l.includes("dropped"));
    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toMatch(/c1, lin-kv, toString, __proto__, zz9, n1/);
    t.ask('{"type":"broadcast","message":1}');
    t.clock.advance(5_000);
    expect(new Set(t.out().filter((m) => m.body.type === "gossip").map((m) => m.dest))).toEqual(new Set(["n2"]));
  });

  it("reads only own keys: a node named toString with no entry does not pick up Object.prototype, and its ticks do not throw", () => {
    const t = broadcastNode("toString", ["toString", "n2"], { overlay: "topology" });
    expect(t.ask('{"type":"topology","topology":{"n2":["toString"]}}').body?.type).toBe("topology_ok");
    expect(t.queue.activePeers).toEqual([]);
    t.ask('{"type":"broadcast","message":1}');
    t.clock.advance(5_000);
    expect(t.logs.filter((l) => /threw|error/.test(l))).toEqual([]);
  });

  it("keeps the entry of a node named __proto__", () => {
    const t = broadcastNode("__proto__", ["__proto__", "n2"], { overlay: "topology" });
    expect(t.ask('{"type":"topology","topology":{"__proto__":["n2"],"n2":["__proto__"]}}').body?.type).toBe("topology_ok");
    expect(t.queue.activePeers).toEqual(["n2"]);
  });

  it("answers a topology that is not a map of id lists with error 12", () => {
    const t = broadcastNode("n1", ["n1", "n2"], { overlay: "topology" });
    expect(t.ask('{"type":"topology","topology":{"n1":"n2"}}').body).toMatchObject({ type: "error", code: 12 });
    expect(t.ask('{"type":"topology","topology":[]}').body).toMatchObject({ type: "error", code: 12 });
  });
});

describe("neighboursFromTopology", () => {
  const ids = ["n0", "n1", "toString"];
  it.each([
    ["own entry, foreign ids dropped in order", { n0: ["n1", "c1", "n1", "n0", "lin-kv"] }, "n0", { ok: true, neighbours: ["n1"], dropped: ["c1", "n0", "lin-kv"] }],
    ["no entry for this node", { n1: ["n0"] }, "toString", { ok: true, neighbours: [], dropped: [] }],
    ["an entry named after an Object.prototype member", JSON.parse('{"toString":["n0"],"__proto__":["n1"]}'), "toString", { ok: true, neighbours: ["n0"], dropped: [] }],
  ])("%s", (_what, topo, self, expected) => {
    expect(neighboursFromTopology(topo, self, ids)).toEqual(expected);
  });

  it.each([[null], [[]], ["n1"], [undefined], [{ n0: "n1" }], [{ n0: [1] }]])("refuses %j", (topo) => {
    expect(neighboursFromTopology(topo, "n0", ids).ok).toBe(false);
  });
});
