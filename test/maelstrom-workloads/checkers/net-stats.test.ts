import { describe, expect, it } from "vitest";
import { netStatsChecker } from "../../../maelstrom-workloads/checkers/net-stats.js";
import type { JournalEvent } from "../../../maelstrom-workloads/model/journal-event.js";
import type { Op, OpType } from "../../../maelstrom-workloads/model/op.js";

/** Journal builder: send(id, src, dest) and recv(id, src, dest). */
function journal() {
  const events: JournalEvent[] = [];
  const push = (type: "send" | "recv", id: number, src: string, dest: string) =>
    events.push({ id: events.length, time: events.length * 10, type, message: { id, src, dest, body: { type: "x" } } });
  return {
    events,
    send: (id: number, src: string, dest: string) => push("send", id, src, dest),
    recv: (id: number, src: string, dest: string) => push("recv", id, src, dest),
    /** send + recv of one message */
    deliver(id: number, src: string, dest: string) {
      push("send", id, src, dest);
      push("recv", id, src, dest);
    },
  };
}

function ops(steps: Array<[OpType, Op["process"]]>): Op[] {
  return steps.map(([type, process], index) => ({ index, time: index, type, process, f: "read", value: null }));
}

describe("netStatsChecker", () => {
  it("splits client and server traffic: a message is a client message if src or dest starts with c", () => {
    const j = journal();
    j.deliver(0, "c0", "n1"); // init
    j.deliver(1, "n1", "c0"); // init_ok
    j.deliver(2, "n1", "n2"); // server gossip
    j.deliver(3, "n2", "lin-kv"); // node -> service counts as servers
    j.deliver(4, "lin-kv", "n2");
    j.deliver(5, "c12", "n2");
    j.send(6, "n2", "n3"); // dropped by a partition: sent, never received
    const r = netStatsChecker(j.events, []);
    expect(r).toEqual({
      all: { "send-count": 7, "recv-count": 6, "msg-count": 7 },
      clients: { "send-count": 3, "recv-count": 3, "msg-count": 3 },
      servers: { "send-count": 4, "recv-count": 3, "msg-count": 4 },
      "valid?": true,
    });
  });

  it("counts distinct message ids across both event types", () => {
    const j = journal();
    j.recv(7, "n1", "n2"); // a recv whose send is not in this journal still names a message
    j.deliver(8, "n1", "n2");
    j.send(8, "n1", "n2"); // a repeated id is one message
    const r = netStatsChecker(j.events, []);
    expect(r["all"]).toEqual({ "send-count": 2, "recv-count": 2, "msg-count": 2 });
  });

  it("adds msgs-per-op to all and servers only, as a fraction of client invocations", () => {
    const j = journal();
    j.deliver(0, "c1", "n1");
    j.deliver(1, "n1", "c1");
    j.deliver(2, "n1", "n2");
    j.deliver(3, "n2", "n1");
    j.deliver(4, "n1", "n3");
    const history = ops([
      ["invoke", 0],
      ["ok", 0],
      ["invoke", 1],
      ["fail", 1],
      ["invoke", 2], // pending: still counts
      ["info", "nemesis"],
      ["invoke", "nemesis"], // a nemesis invocation never counts
    ]);
    const r = netStatsChecker(j.events, history);
    expect(r["all"]).toEqual({ "send-count": 5, "recv-count": 5, "msg-count": 5, "msgs-per-op": 5 / 3 });
    expect(r["servers"]).toEqual({ "send-count": 3, "recv-count": 3, "msg-count": 3, "msgs-per-op": 1 });
    expect(r["clients"]).toEqual({ "send-count": 2, "recv-count": 2, "msg-count": 2 });
    expect(r["clients"]).not.toHaveProperty("msgs-per-op");
  });

  it("omits msgs-per-op everywhere when there are no client invocations", () => {
    const j = journal();
    j.deliver(0, "n1", "n2");
    const r = netStatsChecker(j.events, ops([["info", "nemesis"], ["invoke", "nemesis"]]));
    for (const group of ["all", "clients", "servers"]) expect(r[group]).not.toHaveProperty("msgs-per-op");
  });

  it("is valid with zeros for an empty journal, and msgs-per-op 0 when there were ops", () => {
    const r = netStatsChecker([], ops([["invoke", 0]]));
    expect(r).toEqual({
      all: { "send-count": 0, "recv-count": 0, "msg-count": 0, "msgs-per-op": 0 },
      clients: { "send-count": 0, "recv-count": 0, "msg-count": 0 },
      servers: { "send-count": 0, "recv-count": 0, "msg-count": 0, "msgs-per-op": 0 },
      "valid?": true,
    });
  });

  it("counts drops (ours) apart from sends and recvs, by why, only in the slices that had any", () => {
    const j = journal();
    j.deliver(0, "c1", "n1");
    j.deliver(1, "n1", "n2");
    const drop = (id: number, why: "loss" | "partition" | "down", src: string, dest: string) => {
      j.send(id, src, dest);
      j.events.push({ id: j.events.length, time: j.events.length * 10, type: "drop", why, message: { id, src, dest, body: { type: "x" } } });
    };
    drop(2, "loss", "n1", "n2");
    drop(3, "loss", "n2", "lin-kv");
    drop(4, "partition", "n2", "n1");
    drop(5, "down", "n3", "n1");
    const r = netStatsChecker(j.events, ops([["invoke", 0]]));
    expect(r["servers"]).toEqual({ "send-count": 5, "recv-count": 1, "msg-count": 5, "drop-count": 4, "drops-by-why": { loss: 2, partition: 1, down: 1 }, "msgs-per-op": 5 });
    expect(r["all"]).toMatchObject({ "send-count": 6, "recv-count": 2, "msg-count": 6, "drop-count": 4 });
    // Maelstrom's keys only, where nothing was dropped.
    expect(r["clients"]).toEqual({ "send-count": 1, "recv-count": 1, "msg-count": 1 });
  });

  it("accepts any iterable journal", () => {
    function* gen(): Generator<JournalEvent> {
      yield { id: 0, time: 0, type: "send", message: { id: 0, src: "n1", dest: "c3", body: {} } };
      yield { id: 1, time: 1, type: "recv", message: { id: 0, src: "n1", dest: "c3", body: {} } };
    }
    expect(netStatsChecker(gen(), [])["clients"]).toEqual({ "send-count": 1, "recv-count": 1, "msg-count": 1 });
  });
});
