import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../../lib/runtime/virtual-clock.js";
import { NetStats } from "../../../maelstrom-workloads/checkers/net-stats.js";
import type { JournalEvent } from "../../../maelstrom-workloads/model/journal-event.js";
import { seededRng } from "../../../maelstrom-workloads/model/random.js";
import { grudge, partitionKinds } from "../../../maelstrom-workloads/nemesis/partition-grudge.js";
import { type NetMessage, Network } from "../../../maelstrom-workloads/network/network.js";
import { MaelstromClient } from "../../../maelstrom-workloads/run/client.js";
import { runNetwork } from "../../../maelstrom-workloads/run/run-network.js";
import { registerServices, SERVICE_IDS } from "../../../maelstrom-workloads/services/default-services.js";

/** A run's network (runNetwork, so with the services) on a virtual clock, constant latency, and nodes n1, n2 that keep what they get. */
function rig(latency = 0, seed = 1) {
  const clock = new VirtualClock();
  const journal: JournalEvent[] = [];
  const net = runNetwork({ latency: { mean: latency, dist: "constant" }, loss: 0, seed, nemesis: [], schedule: undefined }, clock, () => clock.now() * 1e6, (e) => journal.push(e));
  const got: Array<NetMessage & { at: number }> = [];
  for (const id of ["n1", "n2"]) net.register(id, { deliver: (m) => got.push({ ...m, at: clock.now() }) });
  return { clock, net, journal, got };
}

describe("services on the network", () => {
  it("every run's network has Maelstrom's four services, each answering its own request type", () => {
    const { net, got } = rig();
    net.send("n1", "lin-kv", { type: "write", key: "k", value: 1, msg_id: 1 });
    net.send("n1", "seq-kv", { type: "read", key: "k", msg_id: 2 });
    net.send("n1", "lww-kv", { type: "cas", key: "k", from: 1, to: 2, create_if_not_exists: true, msg_id: 3 });
    net.send("n1", "lin-tso", { type: "ts", msg_id: 4 });
    expect(got.map((m) => [m.src, m.body])).toEqual([
      ["lin-kv", { type: "write_ok", in_reply_to: 1 }],
      ["seq-kv", { type: "error", code: 20, text: "key does not exist", in_reply_to: 2 }],
      ["lww-kv", { type: "error", code: 20, text: "key does not exist", in_reply_to: 3 }],
      ["lin-tso", { type: "ts_ok", ts: 0, in_reply_to: 4 }],
    ]);
  });

  it("a reply goes from the service to the requester with in_reply_to and no msg_id; in_reply_to is null when the request had none", () => {
    const { net, got } = rig();
    net.send("n2", "lin-kv", { type: "read", key: "x", msg_id: 7 });
    net.send("n2", "lin-kv", { type: "write", key: "x", value: [1, { a: 2 }] });
    net.send("n2", "lin-kv", { type: "read", key: "x", msg_id: null });
    expect(got.map(({ src, dest, body }) => ({ src, dest, body }))).toEqual([
      { src: "lin-kv", dest: "n2", body: { type: "error", code: 20, text: "key does not exist", in_reply_to: 7 } },
      { src: "lin-kv", dest: "n2", body: { type: "write_ok", in_reply_to: null } },
      { src: "lin-kv", dest: "n2", body: { type: "read_ok", value: [1, { a: 2 }], in_reply_to: null } },
    ]);
    for (const m of got) expect(Object.keys(m.body)).not.toContain("msg_id");
  });

  it("a type a service does not handle, a reply, or a stray message gets no reply, and is counted", () => {
    const clock = new VirtualClock();
    const journal: JournalEvent[] = [];
    const net = new Network({ clock, latency: () => 0, journal: (e) => journal.push(e), nowNs: () => 0 });
    const endpoints = registerServices(net, 1);
    const got: NetMessage[] = [];
    net.register("n1", { deliver: (m) => got.push(m) });
    for (const id of SERVICE_IDS) {
      net.send("n1", id, { type: "echo", echo: 1, msg_id: 1 });
      net.send("n1", id, { type: "read_ok", value: 1, in_reply_to: 3 });
      net.send("n1", id, { hello: true });
    }
    net.send("n1", "lin-tso", { type: "read", key: 1, msg_id: 2 });
    net.send("n1", "lin-kv", { type: "ts", msg_id: 2 });
    expect(got).toEqual([]);
    expect(journal.filter((e) => e.type === "send" && e.message.dest === "n1")).toEqual([]);
    expect(Object.fromEntries(endpoints.map((e) => [e.id, e.ignored]))).toEqual({ "lin-kv": 4, "seq-kv": 3, "lww-kv": 3, "lin-tso": 4 });
  });

  it("latency applies both ways: a service is not a client", () => {
    const { clock, net, got, journal } = rig(50);
    net.send("n1", "lin-tso", { type: "ts", msg_id: 1 });
    clock.advance(49);
    expect(journal.filter((e) => e.type === "recv")).toEqual([]);
    clock.advance(1);
    expect(journal.filter((e) => e.type === "recv").map((e) => [e.time / 1e6, e.message.dest])).toEqual([[50, "lin-tso"]]);
    expect(got).toEqual([]);
    clock.advance(50);
    expect(got.map((m) => [m.at, m.body])).toEqual([[100, { type: "ts_ok", ts: 0, in_reply_to: 1 }]]);
  });

  it("is never partitioned: partition grudges name server nodes only, and a node cut off from every other node still reaches the services", () => {
    const nodes = ["n1", "n2", "n3", "n4", "n5"];
    for (const kind of partitionKinds) {
      const g = grudge(kind, nodes, seededRng(3));
      expect(Object.keys(g).concat(...Object.values(g)).filter((id) => !nodes.includes(id))).toEqual([]);
    }
    const { net, got } = rig();
    net.partition({ n1: ["n2"], n2: ["n1"] });
    net.send("n1", "lin-kv", { type: "write", key: "k", value: 1, msg_id: 1 });
    net.send("n2", "lin-kv", { type: "read", key: "k", msg_id: 1 });
    expect(got.map((m) => [m.dest, m.body.type])).toEqual([
      ["n1", "write_ok"],
      ["n2", "read_ok"],
    ]);
  });

  it("--loss applies to service traffic (it is server-to-server)", () => {
    const { net, got, journal } = rig();
    net.setLoss(1);
    net.send("n1", "lin-kv", { type: "read", key: "k", msg_id: 1 });
    expect(got).toEqual([]);
    expect(journal.map((e) => (e.type === "drop" ? `drop ${e.why}` : e.type))).toEqual(["send", "drop loss"]);
  });

  it("node-to-service traffic counts as servers in the net stats; a client's, as clients", async () => {
    const { clock, net, journal } = rig(5);
    net.send("n1", "lin-kv", { type: "write", key: "k", value: 1, msg_id: 1 });
    clock.advance(10);
    const client = new MaelstromClient("c1", net, clock).open();
    const reply = client.rpc("lin-kv", { type: "read", key: "k" }, 1000);
    expect(await reply).toEqual({ type: "read_ok", value: 1, in_reply_to: 1 });
    const stats = new NetStats();
    for (const e of journal) stats.add(e);
    const r = stats.check([]);
    expect(r.servers).toEqual({ "send-count": 2, "recv-count": 2, "msg-count": 2 });
    expect(r.clients).toEqual({ "send-count": 2, "recv-count": 2, "msg-count": 2 });
  });

  it("a reply sent from inside deliver is safe at zero latency: a requester that asks again from its own deliver, and a node lying that its src is a service", () => {
    const { net, journal } = rig();
    // Worst case for re-entrancy: an endpoint that sends its next request synchronously from deliver.
    const stamps: number[] = [];
    net.register("x1", {
      deliver: (m) => {
        stamps.push(m.body.ts as number);
        if (stamps.length < 100) net.send("x1", "lin-tso", { type: "ts", msg_id: stamps.length + 1 });
      },
    });
    net.send("x1", "lin-tso", { type: "ts", msg_id: 1 });
    expect(stamps).toEqual(Array.from({ length: 100 }, (_, i) => i));
    // lin-kv answers "itself", and ignores the read_ok it gets: the chain stops there.
    const before = journal.length;
    net.send("lin-kv", "lin-kv", { type: "read", key: "k", msg_id: 1 });
    expect(journal.slice(before).map((e) => `${e.type} ${e.message.src}->${e.message.dest} ${e.message.body.type}`)).toEqual([
      "send lin-kv->lin-kv read",
      "recv lin-kv->lin-kv read",
      "send lin-kv->lin-kv error",
      "recv lin-kv->lin-kv error",
    ]);
  });

  it("seq-kv's and lww-kv's draws come from the seed: the same seed gives the same replies", () => {
    const replies = (seed: number) => {
      const { net, got } = rig(0, seed);
      for (let v = 1; v <= 20; v++) net.send("n1", "seq-kv", { type: "write", key: "k", value: v, msg_id: v });
      net.send("n1", "lww-kv", { type: "write", key: "k", value: 1, msg_id: 0 });
      for (let i = 0; i < 40; i++) {
        net.send("n2", "seq-kv", { type: "read", key: "k", msg_id: i });
        net.send("n2", "lww-kv", { type: "read", key: "k", msg_id: i });
      }
      return JSON.stringify(got.map((m) => m.body));
    };
    expect(replies(5)).toBe(replies(5));
    expect(replies(5)).not.toBe(replies(6));
  });
});
