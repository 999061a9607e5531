import type { Clock, Timer } from "../../lib/runtime/clock.js";

/** One timer of one node instance: its callback, and the shared clock's timer behind it. */
interface Gated {
  fn: () => void;
  /** `after` (true) or `every`. */
  once: boolean;
  inner: Timer | undefined;
  /** Set while a paused instance holds a tick of this timer (an `every` holds at most one, as a stopped process's interval fires once when it resumes). */
  held: boolean;
}

/**
 * One node instance's view of the simulation's shared clock, which the
 * simulator can pause and kill as the process host pauses (SIGSTOP) and
 * kills (SIGKILL) a process.
 *
 * - Running: timers fire as on the shared clock.
 * - Paused: a timer that falls due is held, not fired; `resume` fires what
 *   was held, in the order it fell due, each as its own timer due at once
 *   (so the driver still lets continuations run between them). Time goes on
 *   meanwhile: a paused process does not notice its stop either.
 * - Killed: every timer is cancelled on the shared clock and nothing fires
 *   again; timers asked for afterwards (by code of the dead instance still
 *   running on promise continuations) are never scheduled.
 */
export class GatedClock implements Clock {
  readonly #inner: Clock;
  #state: "running" | "paused" | "killed" = "running";
  readonly #timers = new Set<Gated>();
  /** Ticks held while paused, in the order they fell due. */
  #held: Gated[] = [];

  constructor(inner: Clock) {
    this.#inner = inner;
  }

  get state(): "running" | "paused" | "killed" {
    return this.#state;
  }

  now(): number {
    return this.#inner.now();
  }

  after(ms: number, fn: () => void): Timer {
    const g: Gated = { fn, once: true, inner: undefined, held: false };
    if (this.#state === "killed") return { cancel: () => {} };
    this.#timers.add(g);
    g.inner = this.#inner.after(ms, () => {
      this.#timers.delete(g);
      this.#fire(g);
    });
    return { cancel: () => this.#cancel(g) };
  }

  every(ms: number, fn: () => void): Timer {
    const g: Gated = { fn, once: false, inner: undefined, held: false };
    if (this.#state === "killed") return { cancel: () => {} };
    this.#timers.add(g);
    g.inner = this.#inner.every(ms, () => this.#fire(g));
    return { cancel: () => this.#cancel(g) };
  }

  pause(): void {
    if (this.#state === "running") this.#state = "paused";
  }

  /** Goes on: each held tick fires as a timer due now, in the order they fell due. */
  resume(): void {
    if (this.#state !== "paused") return;
    this.#state = "running";
    const held = this.#held;
    this.#held = [];
    for (const g of held) {
      this.#inner.after(0, () => {
        if (!g.held) return; // cancelled meanwhile
        g.held = false;
        if (this.#state === "running") {
          if (g.once) this.#timers.delete(g);
          g.fn();
        }
        else if (this.#state === "paused") this.#hold(g);
      });
    }
  }

  /** Cancels everything; nothing of this instance fires again. */
  kill(): void {
    this.#state = "killed";
    for (const g of this.#timers) g.inner?.cancel();
    this.#timers.clear();
    for (const g of this.#held) g.held = false;
    this.#held = [];
  }

  #fire(g: Gated): void {
    if (this.#state === "running") g.fn();
    else if (this.#state === "paused" && !g.held) {
      // A one-shot timer that fell due while paused is still pending until it fires.
      if (g.once) this.#timers.add(g);
      this.#hold(g);
    }
  }

  #hold(g: Gated): void {
    g.held = true;
    this.#held.push(g);
  }

  #cancel(g: Gated): void {
    g.inner?.cancel();
    g.held = false;
    this.#timers.delete(g);
  }
}
