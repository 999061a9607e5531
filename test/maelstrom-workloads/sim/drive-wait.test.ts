import { expect, it } from "vitest";
import { VirtualClock } from "../../../lib/runtime/virtual-clock.js";
import { driveOnVirtualTime } from "../../../maelstrom-workloads/sim/drive.js";

it("driveOnVirtualTime fires no timer while the host's beforeNextTimer wait is pending, and the run is unchanged", async () => {
  const clock = new VirtualClock();
  const fired: number[] = [];
  const run = (async () => {
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((r) => clock.after(10, r));
      fired.push(clock.now());
    }
    return "done";
  })();
  let release!: () => void;
  let pending: Promise<void> | undefined = new Promise<void>((r) => (release = r));
  let asked = 0;
  const driving = driveOnVirtualTime(clock, run, () => (asked++, pending));
  await new Promise((r) => setTimeout(r, 20)); // real time passes; the host has not drained
  expect(fired).toEqual([]);
  expect(clock.now()).toBe(0);
  pending = undefined;
  release();
  expect(await driving).toBe("done");
  expect(fired).toEqual([10, 20, 30]);
  expect(asked).toBeGreaterThanOrEqual(3);
});
