/** A one-shot signal: `fire()` once, and `fired` / `promise` tell everyone who waits. */
export class Latch {
  fired = false;
  readonly promise: Promise<void>;
  #resolve!: () => void;

  constructor() {
    this.promise = new Promise((r) => (this.#resolve = r));
  }

  fire(): void {
    if (this.fired) return;
    this.fired = true;
    this.#resolve();
  }
}
