/**
 * Notices that this node itself was stalled: paused (SIGSTOP), descheduled,
 * or stuck in a long pause of its own. The node marks every event it handles
 * (timers and messages, with a timer of its own every `beatMs` so there is
 * always one due); a gap between two marks longer than `beatMs + toleranceMs`
 * means it could not run, hence could not hear anything, for that long.
 * Timers that fell due meanwhile fire late, all at once, before the messages
 * that were waiting for it have been read: acting on them (a suspicion timed
 * out, a probe unanswered) would blame others for our own silence, which is
 * what Lifeguard sets out to prevent.
 */
export class StallWatch {
  readonly beatMs: number;
  readonly toleranceMs: number;
  #last: number | undefined;

  constructor(beatMs: number, toleranceMs: number) {
    if (!(beatMs > 0) || !(toleranceMs >= 0)) throw new RangeError(`StallWatch: beatMs must be above 0 and toleranceMs at least 0, got ${beatMs} and ${toleranceMs}`);
    this.beatMs = beatMs;
    this.toleranceMs = toleranceMs;
  }

  /** Marks an event at `now`; returns how long the node was stalled before it (the gap since the last mark), or 0 if it was not. */
  mark(now: number): number {
    const gap = this.#last === undefined ? 0 : now - this.#last;
    this.#last = Math.max(now, this.#last ?? now);
    return gap > this.beatMs + this.toleranceMs ? gap : 0;
  }
}
