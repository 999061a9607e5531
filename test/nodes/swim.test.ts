import { describe, expect, it } from "vitest";
import { isNodeProgramExit, type Node } from "../../lib/index.js";
import install from "../../nodes/swim.js";
import { broadcastCluster } from "../lib/broadcast/broadcast-cluster.js";

// nodes/swim.ts on in-memory transports and one virtual clock (10 ms links,
// default settings unless a test says otherwise): whole nodes, real messages.

type View = Record<string, { status: string; incarnation: number }>;
const ids = ["n1", "n2", "n3", "n4", "n5"];

function cluster(opts: { args?: string[]; seed?: number } = {}) {
  const c = broadcastCluster({ ids, install, args: opts.args ?? [], latencyMs: 10, seed: opts.seed ?? 1 });
  const views = async (of: string[]): Promise<Record<string, View>> => {
    const calls = of.map((id) => [id, c.call(id, { type: "members" })] as const);
    await c.run(1);
    return Object.fromEntries(
      calls.map(([id, r]) => {
        const body = r();
        if (body?.type !== "members_ok") throw new Error(`members on ${id}: ${JSON.stringify(body)}`);
        return [id, body.members as View];
      }),
    );
  };
  /** Runs `ms` in steps, collecting every view each live node reports each step. */
  const watch = async (ms: number, of: string[], step = 250) => {
    const seen: Array<{ at: number; by: string; view: View }> = [];
    for (let t = 0; t < ms; t += step) {
      await c.run(step - 1);
      for (const [by, view] of Object.entries(await views(of))) seen.push({ at: c.clock.now(), by, view });
    }
    return seen;
  };
  return { ...c, views, watch };
}

const statusOf = (v: Record<string, View>, who: string) => Object.values(v).map((view) => view[who]?.status);

describe("nodes/swim.ts on a virtual clock", () => {
  it("answers members with every node alive at incarnation 0 at first, in Maelstrom's closed shape", async () => {
    const c = cluster();
    const r = c.call("n1", { type: "members" });
    await c.run(1);
    expect(Object.keys(r()!).sort()).toEqual(["in_reply_to", "members", "msg_id", "type"]);
    expect(r()!.members).toEqual(Object.fromEntries(ids.map((id) => [id, { status: "alive", incarnation: 0 }])));
  });

  it("detects a silent node: every other node reports it dead within 8 s, and nobody else is ever suspected", async () => {
    const c = cluster();
    await c.run(3000);
    c.kill("n5");
    const killedAt = c.clock.now();
    const seen = await c.watch(10_000, ["n1", "n2", "n3", "n4"]);
    // The first step at which all four report n5 dead.
    const agreedAt = Math.min(...seen.filter((s) => seen.filter((o) => o.at === s.at && o.view.n5!.status === "dead").length === 4).map((s) => s.at));
    expect(agreedAt - killedAt, "every live node reports n5 dead").toBeLessThanOrEqual(8000);
    for (const s of seen) for (const id of ["n1", "n2", "n3", "n4"]) expect(s.view[id], `${s.by} at ${s.at}`).toEqual({ status: "alive", incarnation: 0 });
  });

  it("refutes a suspicion of itself: alive at a higher incarnation, and every node hears it", async () => {
    const c = cluster();
    await c.run(2000);
    c.call("n1", { type: "gossip", updates: [{ id: "n1", status: "suspect", incarnation: 0, from: "n2" }] });
    await c.run(3000);
    const v = await c.views(ids);
    for (const id of ids) expect(v[id]!.n1, id).toEqual({ status: "alive", incarnation: 1 });
  });

  it("survives a short isolation by refuting: cut off for 1.5 s, it is suspected but never declared dead", async () => {
    const c = cluster();
    await c.run(3000);
    for (const o of ids.slice(1)) c.cut("n1", o);
    const during = await c.watch(1500, ids);
    c.heal();
    const after = await c.watch(8000, ids);
    expect([...during, ...after].filter((s) => s.view.n1!.status === "dead")).toEqual([]);
    const last = await c.views(ids);
    // It was suspected, and refuted: everyone holds it alive at a raised incarnation.
    for (const id of ids) expect(last[id]!.n1, id).toEqual({ status: "alive", incarnation: last.n1!.n1!.incarnation });
    expect(last.n1!.n1!.incarnation).toBeGreaterThan(0);
  });

  it("reaches a member through ping-req helpers when the direct link is cut: nobody is ever suspected", async () => {
    const c = cluster();
    c.cut("n1", "n2");
    const seen = await c.watch(15_000, ids, 500);
    const suspected = seen.flatMap((s) => Object.entries(s.view).filter(([, m]) => m.status !== "alive").map(([id, m]) => `${s.by} at ${s.at}: ${id} ${m.status}`));
    expect(suspected).toEqual([]);
    const pingReqs = c.sent.filter((m) => m.body.type === "ping_req" && ((m.src === "n1" && m.body.target === "n2") || (m.src === "n2" && m.body.target === "n1")));
    expect(pingReqs.length, "n1 and n2 asked helpers to ping each other").toBeGreaterThan(0);
    expect(c.sent.filter((m) => m.body.type === "ack" && m.src !== "n1" && m.src !== "n2" && (m.dest === "n1" || m.dest === "n2")).length).toBeGreaterThan(0);
  });

  it("takes back a killed node that restarts: alive everywhere at an incarnation above the one it died at", async () => {
    const c = cluster();
    await c.run(2000);
    c.kill("n3");
    await c.run(12_000);
    const dead = await c.views(["n1", "n2", "n4", "n5"]);
    expect(statusOf(dead, "n3")).toEqual(["dead", "dead", "dead", "dead"]);
    const diedAt = dead.n1!.n3!.incarnation;
    c.start("n3");
    await c.run(4000);
    const back = await c.views(ids);
    for (const id of ids) {
      expect(back[id]!.n3!.status, id).toBe("alive");
      expect(back[id]!.n3!.incarnation, id).toBeGreaterThan(diedAt);
    }
    // The restarted node learned its peers' views too.
    expect(Object.values(back.n3!).every((m) => m.status === "alive")).toBe(true);
  });

  it("merges both sides of a healed partition (25 s, each side has declared the other dead) without help: all alive everywhere within 5 s of the heal", async () => {
    const c = cluster();
    await c.run(2000);
    for (const a of ["n1", "n2"]) for (const b of ["n3", "n4", "n5"]) c.cut(a, b);
    await c.run(25_000);
    const split = await c.views(ids);
    expect(statusOf(split, "n1")).toEqual(["alive", "alive", "dead", "dead", "dead"]);
    expect(statusOf(split, "n5")).toEqual(["dead", "dead", "alive", "alive", "alive"]);
    c.heal();
    await c.run(5000);
    const healed = await c.views(ids);
    for (const [by, view] of Object.entries(healed)) for (const [id, m] of Object.entries(view)) expect(m.status, `${by} sees ${id}`).toBe("alive");
  });

  it("lookup names the same owner on every node, and a dead member's keys (only those) move", async () => {
    const c = cluster();
    await c.run(1000);
    const keys = Array.from({ length: 200 }, (_, i) => `k${i}`);
    const owners = async (of: string[]) => {
      const calls = of.map((id) => keys.map((key) => c.call(id, { type: "lookup", key })));
      await c.run(1);
      return calls.map((row) => row.map((r) => {
        expect(Object.keys(r()!).sort()).toEqual(["in_reply_to", "msg_id", "owner", "type"]);
        return r()!.owner as string;
      }));
    };
    const before = await owners(ids);
    for (const row of before) expect(row).toEqual(before[0]);
    c.kill("n4");
    await c.run(12_000);
    const after = await owners(["n1", "n2", "n3", "n5"]);
    for (const row of after) expect(row).toEqual(after[0]);
    keys.forEach((_, i) => {
      if (before[0]![i] === "n4") expect(after[0]![i]).not.toBe("n4");
      else expect(after[0]![i]).toBe(before[0]![i]);
    });
    expect(before[0]!.filter((o) => o === "n4").length).toBeGreaterThan(10);
  });
});

describe("nodes/swim.ts arguments", () => {
  const tryInstall = (args: string[]) => {
    try {
      install({ on: () => undefined, onInit: () => undefined } as unknown as Node, args);
      return undefined;
    } catch (e) {
      if (!isNodeProgramExit(e)) throw e;
      return e;
    }
  };
  it("--help prints the usage on stdout with exit 0", () => {
    const e = tryInstall(["--help"]);
    expect([e?.code, e?.stream]).toEqual([0, "stdout"]);
    expect(e?.text).toMatch(/--ping-timeout MS/);
  });
  it.each([
    [["--period", "0"], /swim: --period: expected a whole number of milliseconds from 1 to 2147483647, got "0"/],
    [["--k=x"], /swim: --k: expected a whole number from 0 to 64, got "x"/],
    [["--suspicion-mult", "-1"], /--suspicion-mult: expected a number above 0/],
    [["--ping-timeout", "1000"], /--ping-timeout \(1000\) must be less than --period \(1000\)/],
    [["--bogus"], /unknown option "--bogus"/],
    [["--lambda"], /--lambda: expected a whole number from 1 to 100, got "nothing"/],
  ])("refuses %j with exit 2, naming the flag", (args, message) => {
    const e = tryInstall(args);
    expect(e?.code).toBe(2);
    expect(e?.text).toMatch(message);
  });
  it("accepts every option", () => {
    expect(tryInstall(["--period", "500", "--ping-timeout=200", "--k", "2", "--lambda", "3", "--suspicion-mult", "1.5", "--suspicion-max-mult", "4", "--confirmations", "2", "--awareness-max", "4", "--gossip-interval", "100", "--gossip-fanout", "0", "--max-piggyback", "5", "--dead-probe", "0", "--virtual-nodes", "16"])).toBeUndefined();
  });
});
