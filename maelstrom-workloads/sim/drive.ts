import type { VirtualClock } from "../../lib/runtime/virtual-clock.js";

/** Lets every promise continuation that can run now run: a macrotask turn drains the microtask queue. */
const settle = () => new Promise<void>((r) => setImmediate(r));

/**
 * Runs `run` on virtual time: until it settles, let every continuation run,
 * then fire the next timer on `clock` (moving time to its due time), one timer
 * at a time. So an `await` chain (an RPC retry, an async handler, an init hook)
 * sees time as it would in real time, and the order of events depends only on
 * the timers, never on the wall clock. With no timer left and the run not
 * over, what remains waits on real I/O (the store): wait for it.
 */
export async function driveOnVirtualTime<T>(clock: VirtualClock, run: Promise<T>): Promise<T> {
  let over = false;
  run.then(
    () => (over = true),
    () => (over = true),
  );
  while (!over) {
    await settle();
    if (over) break;
    if (!clock.runNext()) await new Promise((r) => setTimeout(r, 1));
  }
  return run;
}
