import { describe, expect, it } from "vitest";
import { GRACE_MS, membershipChecker } from "../../../maelstrom-workloads/checkers/membership.js";
import type { Op } from "../../../maelstrom-workloads/model/op.js";

// Hand-written histories of 3 nodes (n1 n2 n3), times in seconds. Each finding
// has its case and a valid twin that differs only where the finding lies.

const NODES = ["n1", "n2", "n3"];
type Status = "alive" | "suspect" | "dead";
const view = (dead: string[] = [], suspect: string[] = []) => Object.fromEntries(NODES.map((id) => [id, { status: (dead.includes(id) ? "dead" : suspect.includes(id) ? "suspect" : "alive") as Status, incarnation: 0 }]));
const KEYS = Array.from({ length: 10 }, (_, i) => `k${i}`);
/** Owners on a ring of the given members: key i goes to members[i mod m] (so only a departed member's keys move when it is the last one listed). */
const ring = (members: string[]) => Object.fromEntries(KEYS.map((k, i) => [k, members[i % members.length]!]));

class H {
  ops: Op[] = [];
  #proc = 0;
  #at(t: number, o: Omit<Op, "index" | "time">) {
    this.ops.push({ index: this.ops.length, time: Math.round(t * 1e9), ...o } as Op);
    return this;
  }
  nemesis(t: number, f: string, value: unknown) {
    return this.#at(t, { type: "info", process: "nemesis", f, value });
  }
  kill(t: number, ...nodes: string[]) {
    return this.nemesis(t, "kill", "one").nemesis(t, "kill", Object.fromEntries(nodes.map((n) => [n, "killed"])));
  }
  start(t: number, ...nodes: string[]) {
    return this.nemesis(t, "start", "all").nemesis(t + 0.01, "start", Object.fromEntries(nodes.map((n) => [n, "started"])));
  }
  /** A members op on `node`, invoked at t, answered 10 ms later. */
  members(t: number, node: string, dead: string[] = [], opts: { final?: boolean; suspect?: string[] } = {}) {
    const p = this.#proc++;
    this.#at(t, { type: "invoke", process: p, f: "members", value: { node } });
    return this.#at(t + 0.01, { type: "ok", process: p, f: "members", value: { node, members: view(dead, opts.suspect) } });
  }
  lookup(t: number, node: string, owners: Record<string, string>) {
    const p = this.#proc++;
    this.#at(t, { type: "invoke", process: p, f: "lookup", value: { node } });
    return this.#at(t + 0.01, { type: "ok", process: p, f: "lookup", value: { node, owners } });
  }
  /** Final views of every node (all alive and the full ring unless told). */
  finals(t: number, per: Record<string, { dead?: string[]; owners?: Record<string, string> }> = {}) {
    for (const node of NODES) {
      const p = this.#proc++;
      this.#at(t, { type: "invoke", process: p, f: "view", value: { node }, final: true });
      this.#at(t + 0.01, { type: "ok", process: p, f: "view", value: { node, views: [{ node, members: view(per[node]?.dead), owners: per[node]?.owners ?? ring(NODES) }] }, final: true });
    }
    return this;
  }
  /** Every node polled every second in [from, to), all alive. */
  quiet(from: number, to: number) {
    for (let t = from; t < to; t++) for (const n of NODES) this.members(t, n);
    return this;
  }
}

const check = (h: H, extra: Partial<Parameters<typeof membershipChecker>[1]> = {}) => membershipChecker(h.ops, { nodes: NODES, deadlineMs: 5000, periodMs: 1000, ...extra });

/** A kill of n3 at 10 s for 20 s, each judge saying dead from `n1At` / `n2At`, then restarted, healed and recovered. */
function killRun(n1At: number | undefined, n2At: number | undefined) {
  const h = new H().quiet(0, 10).kill(10, "n3");
  for (let t = 10.5; t < 30; t += 0.5) {
    h.members(t, "n1", n1At !== undefined && t >= n1At ? ["n3"] : []);
    h.members(t, "n2", n2At !== undefined && t >= n2At ? ["n3"] : []);
  }
  h.start(30, "n3");
  return h.quiet(31, 40).finals(41);
}

describe("membershipChecker: completeness", () => {
  it("valid twin: both judges call the killed node dead; detection latencies are from the kill to the last judge's first dead answer", () => {
    const r = check(killRun(12, 14));
    expect(r["valid?"]).toBe(true);
    expect(r["finding-counts"]).toEqual({ "false-positive": 0, undetected: 0, "not-recovered": 0, "lookup-disagreement": 0 });
    expect(r["kill-count"]).toBe(1);
    expect(r["detection-latencies"]).toMatchObject({ count: 1, "0": 4010, "1": 4010 }); // n2's answer to the op at 14 s completes at 14.01 s
    expect(r["first-detection-latencies"]).toMatchObject({ count: 2, "0": 2010, "1": 4010 });
    expect(r["excused-dead-reports"]).toBeGreaterThan(0); // the dead answers while n3 was down
  });

  it("undetected: a judge asked after the deadline still says alive", () => {
    const r = check(killRun(12, undefined));
    expect(r["valid?"]).toBe(false);
    expect(r["finding-counts"]).toMatchObject({ undetected: 1 });
    expect((r.findings as Record<string, Array<{ node: string; judge: string }>>).undetected![0]).toMatchObject({ node: "n3", judge: "n2" });
    expect(r["detection-latencies"]).toBeNull(); // never all agreed
  });

  it("kills-not-agreed-before-restart: a kill restarted before every judge said dead is reported, not dropped, and left out of the agreement latencies", () => {
    // n1 says dead at 12 s, n2 still suspect when n3 is started again at 14 s.
    const h = new H().quiet(0, 10).kill(10, "n3");
    for (let t = 10.5; t < 14; t += 0.5) h.members(t, "n1", t >= 12 ? ["n3"] : []).members(t, "n2", [], { suspect: ["n3"] });
    const r = check(h.start(14, "n3").quiet(15, 30).finals(31));
    expect(r["valid?"]).toBe(true); // within the deadline: slow, not wrong
    expect(r["kills-not-agreed-before-restart"]).toBe(1);
    expect(r["kills-not-agreed"]).toEqual([
      expect.objectContaining({ node: "n3", "killed-at-ms": 10000, "down-ms": 4000, "not-dead-at": { n2: "suspect" } }),
    ]);
    expect(r["detection-latencies"]).toBeNull();
    // The twin: n2 says dead at 13 s; agreed, and in the latencies.
    const twin = new H().quiet(0, 10).kill(10, "n3");
    for (let t = 10.5; t < 14; t += 0.5) twin.members(t, "n1", t >= 12 ? ["n3"] : []).members(t, "n2", t >= 13 ? ["n3"] : [], { suspect: ["n3"] });
    const w = check(twin.start(14, "n3").quiet(15, 30).finals(31));
    expect(w["kills-not-agreed-before-restart"]).toBe(0);
    expect(w["detection-latencies"]).toMatchObject({ count: 1, "1": 3010 });
  });

  it("a judge never asked after the deadline is not judged (the restart came first)", () => {
    const h = new H().quiet(0, 10).kill(10, "n3").members(11, "n1").members(11, "n2").start(12, "n3").quiet(13, 20).finals(21);
    const r = check(h);
    expect(r["valid?"]).toBe(true);
    expect(r["kills-judged"]).toBe(0);
  });

  it("a judge paused during the kill is not a judge", () => {
    const h = new H().quiet(0, 10).kill(10, "n3").nemesis(10, "pause", { n2: "paused" });
    for (let t = 10.5; t < 30; t += 0.5) h.members(t, "n1", t >= 12 ? ["n3"] : []).members(t, "n2");
    h.nemesis(30, "resume", { n2: "resumed" }).start(30, "n3").quiet(31, 45).finals(46);
    expect(check(h)["valid?"]).toBe(true);
  });
});

describe("membershipChecker: a node killed while paused", () => {
  // The kill package kills paused nodes too, and no `resumed` is recorded
  // for them: the kill must end the pause, or the node stays paused forever.
  const pausedThenKilled = () => new H().quiet(0, 5).nemesis(5, "pause", { n3: "paused" }).kill(6, "n3").start(10, "n3").nemesis(12, "resume", {});
  it.each([
    ["paused then killed", pausedThenKilled],
    ["killed (twin without the pause)", () => new H().quiet(0, 6).kill(6, "n3").start(10, "n3")],
  ])("dead answers about it long after its restart are false positives (%s)", (_, faults) => {
    const h = faults();
    for (let t = 30; t < 35; t++) h.members(t, "n1", ["n3"]);
    const r = check(h.quiet(35, 40).finals(41));
    expect(r["false-positive-count"]).toBe(5);
    expect(r["valid?"]).toBe(false);
  });

  it("after its restart it judges a later kill", () => {
    const h = pausedThenKilled().kill(20, "n2");
    for (let t = 21; t < 40; t++) h.members(t, "n1", t >= 24 ? ["n2"] : []).members(t, "n3");
    const r = check(h.start(40, "n2").quiet(41, 55).finals(56));
    expect(r["finding-counts"]).toMatchObject({ undetected: 1 });
    expect((r.findings as Record<string, Array<{ node: string; judge: string }>>).undetected![0]).toMatchObject({ node: "n2", judge: "n3" });
  });
});

describe("membershipChecker: a kill or start record without its own announcement", () => {
  // Fault schedules may write only the `killed` / `started` record; an
  // earlier announcement's time must not be taken for it.
  it("a killed record takes its own time, not an older kill's announcement", () => {
    const h = new H().quiet(0, 2).kill(2, "n3").start(4, "n3").quiet(5, 25).members(25, "n1", ["n2"]).nemesis(40, "kill", { n2: "killed" });
    const r = check(h.start(45, "n2").quiet(46, 60).finals(61));
    expect(r["false-positive-count"]).toBe(1); // n2 was running at 25 s
  });

  it("a started record takes its own time, not an older start's announcement", () => {
    const h = new H().quiet(0, 2).kill(2, "n3").start(4, "n3").quiet(5, 10).kill(10, "n3");
    for (let t = 10.5; t < 30; t += 0.5) h.members(t, "n1", t >= 12 ? ["n3"] : []).members(t, "n2");
    const r = check(h.nemesis(30, "start", { n3: "started" }).quiet(31, 45).finals(46));
    expect(r["finding-counts"]).toMatchObject({ undetected: 1 });
  });
});

describe("membershipChecker: accuracy", () => {
  it("valid twin: a suspect is not a false positive", () => {
    const h = new H().quiet(0, 10).members(10, "n1", [], { suspect: ["n2"] }).quiet(11, 20).finals(21);
    const r = check(h);
    expect(r["valid?"]).toBe(true);
    expect(r["false-positive-count"]).toBe(0);
  });

  it("false-positive: dead while running, unpaused and cut off from no one", () => {
    const h = new H().quiet(0, 10).members(10, "n1", ["n2"]).quiet(11, 20).finals(21);
    const r = check(h);
    expect(r["valid?"]).toBe(false);
    expect(r["false-positive-count"]).toBe(1);
    expect((r.findings as Record<string, unknown[]>)["false-positive"]![0]).toMatchObject({ reporter: "n1", node: "n2", "reporter-paused": false });
  });

  it("a node calling itself dead is a false positive whatever the faults", () => {
    const h = new H().quiet(0, 10).nemesis(9, "pause", { n1: "paused" }).nemesis(9.5, "resume", { n1: "resumed" }).members(10, "n1", ["n1"]).quiet(11, 25).finals(26);
    expect(check(h)["false-positive-count"]).toBe(1);
  });

  it.each([
    ["paused", (h: H) => h.nemesis(9, "pause", { n2: "paused" }).nemesis(9.5, "resume", { n2: "resumed" })],
    ["killed and started", (h: H) => h.kill(8, "n2").start(9, "n2")],
    ["cut off by a partition (on any side)", (h: H) => h.nemesis(9, "start-partition", ["isolated", { n1: [], n2: ["n3"], n3: ["n2"] }]).nemesis(9.5, "stop-partition", "network-healed")],
    ["hidden by heavy loss", (h: H) => h.nemesis(9, "start-loss", { loss: 0.9 }).nemesis(9.5, "stop-loss", { loss: 0 })],
    ["hidden by a latency fault", (h: H) => h.nemesis(9, "start-latency", { "latency-factor": 10 }).nemesis(9.5, "stop-latency", { "latency-factor": 1 })],
  ])("excused within the grace after the node was %s", (_, fault) => {
    const inside = fault(new H().quiet(0, 8)).members(9.5 + GRACE_MS / 1000 - 1, "n1", ["n2"]).quiet(20, 30).finals(31);
    expect(check(inside)["false-positive-count"]).toBe(0);
    const after = fault(new H().quiet(0, 8)).members(9.6 + GRACE_MS / 1000 + 1, "n1", ["n2"]).quiet(22, 30).finals(31);
    expect(check(after)["false-positive-count"]).toBe(1);
  });

  it("light loss excuses nothing, and neither does the reporter's own pause", () => {
    const h = new H().quiet(0, 8).nemesis(8, "start-loss", { loss: 0.2 }).nemesis(8, "pause", { n1: "paused" }).nemesis(9, "resume", { n1: "resumed" }).members(10, "n1", ["n2"]).quiet(11, 20).finals(21);
    const r = check(h);
    expect(r["false-positive-count"]).toBe(1);
    expect((r.findings as Record<string, unknown[]>)["false-positive"]![0]).toMatchObject({ "reporter-paused": true });
  });
});

describe("membershipChecker: recovery and ownership", () => {
  it("valid twin: recovery latency from the final heal to the first answer from which every node says all alive", () => {
    const h = new H().quiet(0, 5).nemesis(5, "start-partition", ["isolated", { n1: ["n3"], n2: ["n3"], n3: ["n1", "n2"] }]);
    for (let t = 6; t < 10; t++) h.members(t, "n1", ["n3"]).members(t, "n2", ["n3"]).members(t, "n3", ["n1", "n2"]);
    h.nemesis(10, "stop-partition", null).nemesis(10, "stop-partition", "network-healed");
    h.members(10.5, "n1", ["n3"]).members(10.5, "n2").members(10.5, "n3");
    h.members(11.5, "n1").members(11.5, "n2").members(11.5, "n3");
    h.finals(20);
    const r = check(h);
    expect(r["valid?"]).toBe(true);
    expect(r["recovery-latency"]).toBe(1510);
  });

  it("not-recovered: a final view still calls someone dead", () => {
    const r = check(new H().quiet(0, 10).finals(11, { n2: { dead: ["n3"] } }));
    expect(r["valid?"]).toBe(false);
    expect(r["finding-counts"]).toMatchObject({ "not-recovered": 1 });
    expect(r["recovery-latency"]).toBeNull();
  });

  it("lookup-disagreement: final views naming different owners for a key", () => {
    const owners = { ...ring(NODES), k0: "n2" };
    const r = check(new H().quiet(0, 10).finals(11, { n3: { owners } }));
    expect(r["valid?"]).toBe(false);
    expect(r["lookup-disagreement-count"]).toBe(1);
    expect((r.findings as Record<string, unknown[]>)["lookup-disagreement"]![0]).toMatchObject({ key: "k0", owners: { n1: ["n1", "n2"], n2: ["n3"] } });
  });

  it("unknown when a node gave no final view and nothing else is wrong", () => {
    const h = new H().quiet(0, 10);
    expect(check(h)["valid?"]).toBe("unknown");
  });

  it("keys moved across a kill, beside the ideal 1/n and the departed node's share", () => {
    const before = ring(NODES);
    // A good ring moves only n3's keys; a bad one reshuffles everything.
    const good = Object.fromEntries(KEYS.map((k) => [k, before[k] === "n3" ? "n1" : before[k]!]));
    const bad = ring(["n2", "n1"]);
    const run = (after: Record<string, string>) => {
      const h = new H().quiet(0, 5).lookup(9, "n1", before).kill(10, "n3");
      for (let t = 10.5; t < 20; t += 0.5) h.members(t, "n1", t >= 12 ? ["n3"] : []).members(t, "n2", t >= 12 ? ["n3"] : []);
      h.lookup(13, "n1", after).start(20, "n3").quiet(21, 25);
      return check(h.finals(26));
    };
    const g = run(good);
    expect(g["keys-moved-samples"]).toBe(1);
    expect(g["keys-moved-fraction"]).toBe(0.3); // n3 owned k2, k5, k8
    expect(g["keys-moved-departed-share"]).toBe(0.3);
    expect(g["keys-moved-not-departed"]).toBe(0);
    expect(g["keys-moved-ideal"]).toBe(0.333);
    const b = run(bad);
    expect(b["keys-moved-fraction"]).toBeGreaterThan(0.3);
    expect(b["keys-moved-not-departed"]).toBeGreaterThan(0);
  });

  it("keys moved: no sample when a fault ended within the grace before the lookup before the kill (that ring may be stale), unless the judge has since said every node alive", () => {
    // n2 was killed and restarted; n1's lookup before n3's kill still lacks
    // n2, so after the kill keys move back to n2, not away from n3.
    const stale = ring(["n1", "n3"]);
    const after = ring(["n1", "n2"]);
    const run = (restartAt: number, allAliveAt?: number) => {
      const h = new H().quiet(0, 1).kill(1, "n2").start(restartAt, "n2");
      if (allAliveAt !== undefined) h.members(allAliveAt, "n1");
      h.lookup(19, "n1", stale).kill(20, "n3");
      for (let t = 20.5; t < 30; t += 0.5) h.members(t, "n1", t >= 22 ? ["n3"] : []).members(t, "n2", t >= 22 ? ["n3"] : []);
      h.lookup(23, "n1", after).start(30, "n3").quiet(31, 35);
      return check(h.finals(36));
    };
    const late = run(19 - GRACE_MS / 1000 + 1);
    expect(late["keys-moved-samples"]).toBe(0);
    expect(late["keys-moved-not-departed"]).toBe(0);
    // The twin: the restart more than the grace before the lookup; the sample counts.
    const early = run(19 - GRACE_MS / 1000 - 1);
    expect(early["keys-moved-samples"]).toBe(1);
    // The judge said every node alive after the restart: its ring is taken as current.
    expect(run(19 - GRACE_MS / 1000 + 1, 18)["keys-moved-samples"]).toBe(1);
  });

  it("load: server messages per node per second over the history, and per period", () => {
    const r = check(new H().quiet(0, 10).finals(19.99), { serverSendCount: 600, periodMs: 500 });
    expect(r["msgs-per-node-per-second"]).toBe(10); // 600 / 3 nodes / 20 s
    expect(r["msgs-per-node-per-period"]).toBe(5);
    expect(check(new H().quiet(0, 2).finals(3))["msgs-per-node-per-period"]).toBeNull();
  });
});
