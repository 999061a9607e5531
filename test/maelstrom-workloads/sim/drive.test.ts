import { expect, it } from "vitest";
import { VirtualClock } from "../../../lib/runtime/virtual-clock.js";
import { driveOnVirtualTime } from "../../../maelstrom-workloads/sim/drive.js";

it("fires timers one at a time, letting await chains run between them, until the run is over", async () => {
  const clock = new VirtualClock();
  const seen: number[] = [];
  const run = (async () => {
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((r) => clock.after(100, r));
      await Promise.resolve();
      seen.push(clock.now());
    }
    return "done";
  })();
  expect(await driveOnVirtualTime(clock, run)).toBe("done");
  expect(seen).toEqual([100, 200, 300]);
});

it("fails with a clear error when nothing can ever happen again, instead of waiting forever", async () => {
  const clock = new VirtualClock();
  clock.after(50, () => {});
  const never = new Promise<never>(() => {});
  await expect(driveOnVirtualTime(clock, never)).rejects.toThrow(/the simulation is stuck at 50 ms of virtual time: no timer is pending/);
}, 30_000);
