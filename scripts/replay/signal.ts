/**
 * A wake-up call for code waiting on changing state: waiters sleep until
 * `notify()` or a deadline, then look at the state again. Every timer it
 * starts is cleared once it is no longer needed, so nothing keeps the process
 * alive after the session ends.
 */
export class Signal {
  readonly #waiters = new Set<() => void>();

  /** Wakes everyone waiting. */
  notify(): void {
    const ws = [...this.#waiters];
    this.#waiters.clear();
    for (const w of ws) w();
  }

  /** Resolves at the next notify(), or after `ms` if given. */
  wait(ms?: number): Promise<void> {
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = () => {
        if (timer !== undefined) clearTimeout(timer);
        this.#waiters.delete(done);
        resolve();
      };
      this.#waiters.add(done);
      if (ms !== undefined) timer = setTimeout(done, Math.max(0, Math.ceil(ms)));
    });
  }

  /** Resolves true once `pred()` holds, or false when `maxMs` have passed first. */
  async until(pred: () => boolean, maxMs?: number): Promise<boolean> {
    const end = maxMs === undefined ? Infinity : performance.now() + maxMs;
    while (!pred()) {
      const left = end - performance.now();
      if (left <= 0) return false;
      await this.wait(left === Infinity ? undefined : left);
    }
    return true;
  }
}
