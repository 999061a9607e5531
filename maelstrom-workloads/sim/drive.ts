import { settle, type VirtualClock } from "../../lib/runtime/virtual-clock.js";

/** How many 1 ms waits in a row, with no timer pending, before the simulation is declared stuck (about 5 s). */
const STUCK_AFTER_IDLE_WAITS = 5000;

/**
 * Runs `run` on virtual time: until it settles, let every continuation run,
 * then fire the next timer on `clock` (moving time to its due time), one timer
 * at a time. So an `await` chain (an RPC retry, an async handler, an init hook)
 * sees time as it would in real time, and the order of events depends only on
 * the timers, never on the wall clock. With no timer left and the run not
 * over, it waits (virtual time stands still, so this cannot change what
 * happens); if that goes on for about 5 s, nothing can ever happen again, and
 * it fails with a clear error instead of waiting forever.
 */
export async function driveOnVirtualTime<T>(clock: VirtualClock, run: Promise<T>): Promise<T> {
  let over = false;
  run.then(
    () => (over = true),
    () => (over = true),
  );
  let idle = 0;
  while (!over) {
    await settle();
    if (over) break;
    if (clock.runNext()) {
      idle = 0;
      continue;
    }
    if (++idle > STUCK_AFTER_IDLE_WAITS) {
      throw new Error(`the simulation is stuck at ${clock.now()} ms of virtual time: no timer is pending and the run has not finished (a node, a hook or a nemesis waits for something that can never happen)`);
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  return run;
}
