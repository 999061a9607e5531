import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../../lib/runtime/virtual-clock.js";
import { seededRng } from "../../../maelstrom-workloads/model/random.js";
import { runStaggered, type StaggerLoop, staggerStep } from "../../../maelstrom-workloads/run/stagger.js";

/** Issue 7, item 25: Jepsen's stagger has no backlog, so a stall is not followed by a burst. */

describe("staggerStep (Jepsen's Stagger record)", () => {
  it.each([
    // slot, takenAt, gap -> at, next
    { slot: undefined, takenAt: 100, gap: 30, at: 100, next: 130 }, // the first op goes at once
    { slot: 130, takenAt: 110, gap: 20, at: 130, next: 150 }, // a thread free before the slot waits for it
    { slot: 130, takenAt: 130, gap: 0, at: 130, next: 130 },
    { slot: 150, takenAt: 4150, gap: 40, at: 4150, next: 4190 }, // after a stall: from the moment it was taken, no backlog
  ])("slot $slot, taken at $takenAt, gap $gap: issued at $at, next slot $next", ({ slot, takenAt, gap, at, next }) => {
    expect(staggerStep(slot, takenAt, gap)).toEqual({ at, next });
  });
});

/**
 * A virtual-clock run: `concurrency` threads; the node holds every reply to an
 * op started in [holdFrom, holdUntil) until holdUntil (an echo node that stalls
 * for 4 s), and answers others in 2 ms. Returns the times ops were started.
 */
async function simulate(run: (o: StaggerLoop<number>) => Promise<void>, o: { rate: number; concurrency: number; end: number; holdFrom: number; holdUntil: number; seed: number }): Promise<number[]> {
  const clock = new VirtualClock(0);
  const rng = seededRng(o.seed);
  const free = Array.from({ length: o.concurrency }, (_, i) => i);
  let wake: (() => void) | undefined;
  const started: number[] = [];
  const loop: StaggerLoop<number> = {
    now: () => clock.now(),
    sleep: (ms) => new Promise<void>((r) => clock.after(ms, r)),
    freeThread: async () => {
      while (free.length === 0) await new Promise<void>((r) => (wake = r));
      return free.shift();
    },
    start: (th) => {
      const t = clock.now();
      started.push(t);
      const done = t >= o.holdFrom && t < o.holdUntil ? o.holdUntil - t : 2;
      clock.after(done, () => {
        free.push(th);
        wake?.();
        wake = undefined;
      });
    },
    gap: () => rng.next() * (2000 / o.rate),
    end: o.end,
    stopped: () => false,
  };
  const finished = run(loop);
  let over = false;
  void finished.then(() => (over = true));
  while (!over) {
    for (let k = 0; k < 5; k++) await Promise.resolve();
    const next = clock.nextDue();
    if (next === undefined) await new Promise((r) => setImmediate(r));
    else clock.advance(Math.max(0, next - clock.now()));
  }
  return started;
}

/** The harness's loop before the fix: each slot is the previous slot plus a gap, whatever happened meanwhile. */
async function legacyLoop(o: StaggerLoop<number>): Promise<void> {
  for (let next = o.now(); next < o.end; next += o.gap()) {
    if (next > o.now()) await o.sleep(next - o.now());
    const th = await o.freeThread();
    if (th === undefined || o.now() >= o.end) return;
    o.start(th);
  }
}

const count = (ts: number[], from: number, to: number) => ts.filter((t) => t >= from && t < to).length;

describe("runStaggered on a virtual clock", () => {
  const scenario = { rate: 20, concurrency: 5, end: 10_000, holdFrom: 1_000, holdUntil: 5_000, seed: 3 };

  it("holds the rate after a 4 s stall at --rate 20: about 20 ops in the next second, not a burst of ~90", async () => {
    const started = await simulate(runStaggered, scenario);
    const after = count(started, 5_000, 6_000);
    expect(after, `ops started in the second after the stall: ${after}`).toBeGreaterThan(8);
    expect(after).toBeLessThan(35);
    // While every thread is held nothing starts, and the total follows the rate outside the stall.
    expect(count(started, 1_600, 5_000)).toBe(0);
    expect(count(started, 5_000, 10_000)).toBeGreaterThan(70);
    expect(count(started, 5_000, 10_000)).toBeLessThan(130);
  });

  it("(the scenario is sensitive: the old rule, slot after slot, fires the backlog at once)", async () => {
    const started = await simulate(legacyLoop, scenario);
    expect(count(started, 5_000, 6_000)).toBeGreaterThan(60);
  });

  it("spaces ops by gaps in [0, 2/rate): mean 1/rate when threads are always free", async () => {
    const started = await simulate(runStaggered, { rate: 50, concurrency: 4, end: 20_000, holdFrom: Infinity, holdUntil: Infinity, seed: 9 });
    expect(started[0]).toBe(0);
    const gaps = started.slice(1).map((t, i) => t - started[i]!);
    expect(Math.max(...gaps)).toBeLessThan(40);
    expect(started.length).toBeGreaterThan(900);
    expect(started.length).toBeLessThan(1100);
  });

  it("issues nothing at or after the end of the main phase, and stops when told", async () => {
    const started = await simulate(runStaggered, { rate: 10, concurrency: 2, end: 3_000, holdFrom: Infinity, holdUntil: Infinity, seed: 1 });
    expect(Math.max(...started)).toBeLessThan(3_000);
    let stop = false;
    const loop: StaggerLoop<number> = { now: () => 0, sleep: async () => {}, freeThread: async () => 0, start: () => (stop = true), gap: () => 0, end: 1_000, stopped: () => stop };
    await runStaggered(loop);
    expect(stop).toBe(true);
  });
});
