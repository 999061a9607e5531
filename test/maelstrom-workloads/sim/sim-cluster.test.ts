import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Node } from "../../../lib/runtime/node.js";
import { VirtualClock } from "../../../lib/runtime/virtual-clock.js";
import type { JournalEvent } from "../../../maelstrom-workloads/model/journal-event.js";
import { Network } from "../../../maelstrom-workloads/network/network.js";
import { MaelstromClient } from "../../../maelstrom-workloads/run/client.js";
import type { OutputStopped } from "../../../maelstrom-workloads/run/output-stopped.js";
import { driveOnVirtualTime } from "../../../maelstrom-workloads/sim/drive.js";
import { type InstallNode, SimCluster } from "../../../maelstrom-workloads/sim/sim-cluster.js";

const echo: InstallNode = (node) => {
  node.on("echo", z.object({ echo: z.unknown() }), (m) => ({ type: "echo_ok", echo: m.body.echo }));
};

function setUp(install: InstallNode, ids = ["n0", "n1"], latency = 10) {
  const clock = new VirtualClock();
  const journal: JournalEvent[] = [];
  const network = new Network({ clock, latency: () => latency, journal: (e) => journal.push(e), nowNs: () => clock.now() * 1e6 });
  const logs: string[] = [];
  const stopped: OutputStopped[] = [];
  const cluster = new SimCluster({ ids, clock, network, install, args: [], seed: 1, log: (id, l) => logs.push(l), logPath: (id) => `/store/node-logs/${id}.log`, now: () => clock.now(), onOutputStopped: (s) => stopped.push(s) });
  let next = 0;
  const client = () => new MaelstromClient(`c${next++}`, network, clock).open();
  const init = async () => {
    for (const id of ids) cluster.start(id);
    await Promise.all(ids.map((id) => client().rpc(id, { type: "init", node_id: id, node_ids: ids }, 10_000)));
  };
  return { clock, network, journal, cluster, client, init, logs, stopped };
}

describe("SimCluster: node programs in one process on virtual time", () => {
  it("answers init and echo through the network, as JSON lines, on virtual time", async () => {
    const s = setUp(echo);
    const reply = await driveOnVirtualTime(s.clock, (async () => {
      await s.init();
      return s.client().rpc("n1", { type: "echo", echo: { a: [1, "x"] } }, 5000);
    })());
    expect(reply).toEqual({ type: "echo_ok", echo: { a: [1, "x"] }, msg_id: 2, in_reply_to: 1 });
    expect(s.journal.filter((e) => e.type === "recv").map((e) => e.message.body.type)).toEqual(["init", "init", "init_ok", "init_ok", "echo", "echo_ok"]);
    expect(s.cluster.alive("n0")).toBe(true);
    await driveOnVirtualTime(s.clock, s.cluster.stop("n0"));
    expect(s.cluster.alive("n0")).toBe(false);
  });

  it("never hands a node an object the network or a sender holds: messages cross as text", async () => {
    const install: InstallNode = (node: Node) => {
      node.on("echo", (m) => {
        (m.body as Record<string, unknown>).echo = "changed by the receiver";
        return { type: "echo_ok", echo: "ok" };
      });
    };
    const s = setUp(install);
    await driveOnVirtualTime(s.clock, (async () => {
      await s.init();
      await s.client().rpc("n1", { type: "echo", echo: "as sent" }, 5000);
    })());
    const recv = s.journal.find((e) => e.type === "recv" && e.message.body.type === "echo")!;
    expect(recv.message.body.echo).toBe("as sent");
  });

  it("refuses a client body JSON cannot carry (a cycle), as delivery to a process does", async () => {
    const s = setUp(echo);
    await driveOnVirtualTime(s.clock, s.init());
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    await expect(driveOnVirtualTime(s.clock, s.client().rpc("n0", { type: "echo", echo: cycle }, 5000))).rejects.toThrow(/circular/);
  });

  it("stops routing a node's output after a message it cannot route, as Maelstrom does", async () => {
    const install: InstallNode = (node) => {
      node.on("echo", (m) => {
        node.send("nowhere", { type: "lost" });
        return { type: "echo_ok", echo: m.body.echo };
      });
    };
    const s = setUp(install);
    await driveOnVirtualTime(s.clock, s.init());
    await expect(driveOnVirtualTime(s.clock, s.client().rpc("n0", { type: "echo", echo: 1 }, 5000))).rejects.toThrow(/no reply from n0/);
    expect(s.stopped).toEqual([expect.objectContaining({ node: "n0", reason: expect.stringMatching(/"nowhere" is not a node/), line: expect.stringContaining('"dest":"nowhere"') })]);
    await expect(s.cluster.outputStopped("n0")).resolves.toMatchObject({ node: "n0" });
  });

  it("says why a node whose program throws at install did not answer init", async () => {
    const s = setUp(() => {
      throw new Error("broadcast: --period must be a whole number of ms");
    });
    s.cluster.start("n0");
    expect(s.cluster.alive("n0")).toBe(false);
    const msg = s.cluster.initFailure("n0", new Error("no reply"));
    expect(msg).toMatch(/node n0 did not answer init: its program's install threw: broadcast: --period must be/);
    expect(msg).toMatch(/Its log: \/store\/node-logs\/n0.log/);
    expect(s.cluster.crashReport("n0", "before teardown")).toMatch(/could not start/);
  });

  it("gives each node its own seeded randomness, the same for the same seed", () => {
    const draw = () => {
      const s = setUp(echo, ["n0", "n1"]);
      return ["n0", "n1"].map((id) => s.cluster.node(id).random());
    };
    const [a, b] = [draw(), draw()];
    expect(a).toEqual(b);
    expect(a[0]).not.toBe(a[1]);
  });
});
