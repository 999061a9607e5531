import { Latch } from "./latch.js";
import { RunCrashed } from "./run-crashed.js";

/**
 * How a run ends early: a node gone, init unanswered, setup failed, an
 * interrupt. The first message wins; every wait of the run ends when it fires.
 */
export class RunFailure {
  #message: string | undefined;
  readonly #latch = new Latch();

  /** The first failure's message, or undefined while the run is sound. */
  get message(): string | undefined {
    return this.#message;
  }

  get failed(): boolean {
    return this.#message !== undefined;
  }

  /** Resolves when the run fails (never, for a sound run). */
  get promise(): Promise<void> {
    return this.#latch.promise;
  }

  /** Records a failure; later ones are ignored. */
  fail(message: string): void {
    if (this.#message !== undefined) return;
    this.#message = message;
    this.#latch.fire();
  }

  /** Waits for `p`, or until the run fails; then throws RunCrashed if it did. */
  async unless(p: Promise<unknown>): Promise<void> {
    await Promise.race([p, this.#latch.promise]);
    if (this.#message !== undefined) throw new RunCrashed(this.#message);
  }
}
