/**
 * Jepsen's `stagger` (jepsen@v0.3.7 generator.clj, the Stagger record), which
 * Maelstrom wraps around the client generator with dt = 1/rate. It keeps one
 * global "next time". An op is asked for only when a client thread is free; it
 * is issued at its next time if that is still ahead, or at once (at the moment
 * it was taken) if the next time has passed. Either way the following next
 * time is the op's own time plus a gap uniform in [0, 2/rate). So there is no
 * backlog: after a stall, ops resume at the rate, not in a burst that makes up
 * for the slots missed.
 */

/** When an op taken at `takenAt` is issued, and the next time after it. `slot` is undefined for the first op. */
export function staggerStep(slot: number | undefined, takenAt: number, gap: number): { at: number; next: number } {
  const at = Math.max(slot ?? takenAt, takenAt);
  return { at, next: at + gap };
}

export interface StaggerLoop<T> {
  /** ms, monotonic */
  now(): number;
  sleep(ms: number): Promise<unknown>;
  /** A free client thread, waiting for one if need be; undefined when the run must stop. */
  freeThread(): Promise<T | undefined>;
  /** Starts an op on `thread` without waiting for it. */
  start(thread: T): void;
  /** A gap drawn uniform in [0, 2/rate) seconds, in ms. */
  gap(): number;
  /** The end of the main phase (ms, on the same clock): no op is issued at or after it. */
  end: number;
  /** True once the run has crashed or is being stopped. */
  stopped(): boolean;
}

/** Issues client ops on Jepsen's stagger until the main phase ends. */
export async function runStaggered<T>(o: StaggerLoop<T>): Promise<void> {
  let slot: number | undefined;
  while (!o.stopped()) {
    const thread = await o.freeThread();
    if (thread === undefined || o.stopped()) return;
    const { at, next } = staggerStep(slot, o.now(), o.gap());
    if (at >= o.end) return;
    if (at > o.now()) await o.sleep(at - o.now());
    if (o.stopped() || o.now() >= o.end) return;
    o.start(thread);
    slot = next;
  }
}
