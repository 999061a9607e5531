import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../../lib/runtime/virtual-clock.js";
import { History } from "../../../maelstrom-workloads/model/history.js";
import { deriveSeed, seededRng } from "../../../maelstrom-workloads/model/random.js";
import type { NemesisContext, NemesisPackage } from "../../../maelstrom-workloads/nemesis/nemesis-package.js";
import { NEMESES, nemesisPackages } from "../../../maelstrom-workloads/nemesis/nemeses.js";
import { partitionPackage } from "../../../maelstrom-workloads/nemesis/partition-package.js";
import { nemesisRng, runNemeses } from "../../../maelstrom-workloads/nemesis/run-nemeses.js";
import { Network } from "../../../maelstrom-workloads/network/network.js";
import type { Cluster } from "../../../maelstrom-workloads/run/cluster.js";
import { Latch } from "../../../maelstrom-workloads/run/latch.js";
import { driveOnVirtualTime } from "../../../maelstrom-workloads/sim/drive.js";

function context(clock: VirtualClock, rng = seededRng(1)): NemesisContext {
  const network = new Network({ clock, latency: () => 0, journal: () => {}, nowNs: () => clock.now() * 1e6 });
  const nodes = ["n0", "n1", "n2", "n3", "n4"];
  const cluster = { nodes } as unknown as Cluster; // the partition package reads only the node ids
  return { network, cluster, history: new History(() => clock.now() * 1e6), rng, targets: ["one"], restart: async () => {}, restarting: new Set() };
}

describe("the partition package", () => {
  it("starts a partition of a random kind and heals it, recorded as Jepsen records them", () => {
    const ctx = context(new VirtualClock(), seededRng(3));
    const kind = partitionPackage.start(ctx) as string;
    expect(["one", "majority", "minority-third", "majorities-ring"]).toContain(kind);
    const [invoke, complete] = ctx.history.ops;
    expect([invoke!.f, invoke!.value]).toEqual(["start-partition", kind]);
    expect(complete!.f).toBe("start-partition");
    const [tag, grudge] = complete!.value as [string, Record<string, string[]>];
    expect(tag).toBe("isolated");
    expect(ctx.network.currentGrudge).toEqual(Object.fromEntries(Object.entries(grudge).filter(([, s]) => s.length > 0)));
    partitionPackage.heal(ctx);
    expect(ctx.history.ops.slice(2).map((op) => [op.type, op.process, op.f, op.value])).toEqual([
      ["info", "nemesis", "stop-partition", null],
      ["info", "nemesis", "stop-partition", "network-healed"],
    ]);
    expect(ctx.network.currentGrudge).toEqual({});
  });

  it("keeps the random stream partitions always had, so an old seed repeats its partitions", () => {
    expect(nemesisRng(42, "partition").next()).toBe(seededRng(deriveSeed(42, "nemesis")).next());
    expect(nemesisRng(42, "kill").next()).not.toBe(nemesisRng(42, "partition").next());
  });
});

describe("runNemeses", () => {
  /** Runs the schedule on virtual time for `mainMs` with packages made on its clock; returns what they logged. */
  async function schedule(names: string[], intervalSeconds: number, mainMs: number, alreadyOver = false) {
    const clock = new VirtualClock();
    const done = new Latch();
    if (alreadyOver) done.fire();
    const log: string[] = [];
    const changes: string[] = [];
    clock.after(mainMs, () => done.fire());
    const packages: NemesisPackage[] = names.map((name) => ({
      name,
      start: () => (log.push(`${name} start @${clock.now()}`), "on"),
      heal: () => void log.push(`${name} heal @${clock.now()}`),
    }));
    const run = runNemeses({
      packages: packages.map((pkg, i) => ({ pkg, ctx: context(clock, seededRng(i + 1)) })),
      intervalSeconds,
      sleep: (ms) => new Promise<void>((r) => clock.after(ms, r)),
      stopped: () => done.fired,
      done: done.promise,
      onChange: (name, fault) => changes.push(`${name} ${fault ?? "healed"}`),
    });
    await driveOnVirtualTime(clock, run);
    return { clock, log, changes };
  }

  it("alternates start and heal, the first start at once, gaps in [0, 2 x interval), until the main phase ends", async () => {
    const { clock, log, changes } = await schedule(["a"], 1, 20_000);
    expect(log[0]).toBe("a start @0");
    expect(log.length).toBeGreaterThan(6); // mean gap 1 s over 20 s
    log.forEach((e, i) => expect(e.startsWith(i % 2 === 0 ? "a start" : "a heal")).toBe(true));
    const times = log.map((e) => Number(e.split("@")[1]));
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeLessThan(2000);
    expect(times.at(-1)).toBeLessThan(20_000);
    expect(clock.now()).toBe(20_000); // stopped when the main phase ended, not after its last gap
    expect(changes.slice(0, 2)).toEqual(["a on", "a healed"]);
  });

  it("schedules each package on its own", async () => {
    const { log } = await schedule(["a", "b"], 1, 10_000);
    expect(log.slice(0, 2)).toEqual(["a start @0", "b start @0"]);
    const times = (name: string) => log.filter((e) => e.startsWith(name)).map((e) => e.split("@")[1]);
    expect(times("a").length).toBeGreaterThan(2);
    expect(times("b").length).toBeGreaterThan(2);
    expect(times("a")).not.toEqual(times("b")); // each draws its own gaps
  });

  it("does nothing once the run has stopped", async () => {
    const { log, changes } = await schedule(["a"], 1, 1000, true);
    expect(log).toEqual([]);
    expect(changes).toEqual([]);
  });
});

describe("nemesisPackages", () => {
  it("maps --nemesis names to packages, and names the known ones for an unknown name", () => {
    expect(nemesisPackages(["partition"])).toEqual([NEMESES.partition]);
    expect(nemesisPackages([])).toEqual([]);
    expect(() => nemesisPackages(["partition", "clock"])).toThrow("--nemesis clock: no such fault package; known: partition, kill, pause");
  });
});
