import { isThenable } from "../protocol/describe.js";

export type InitHook<N> = (node: N) => void | Promise<void>;

/**
 * Runs init hooks in order: synchronously until one returns a promise, and
 * from then on each awaited in turn. `wentAsync` is called whenever a hook
 * returns a promise (the node holds other messages until the end); then
 * exactly one of `done` or `failed` (at the first hook that throws or rejects).
 */
export function runInitHooks<N>(hooks: readonly InitHook<N>[], node: N, on: { wentAsync(): void; done(): void; failed(e: unknown): void }): void {
  const runFrom = (i: number): void => {
    for (; i < hooks.length; i++) {
      let r: void | Promise<void>;
      try {
        r = hooks[i]!(node);
      } catch (e) {
        return on.failed(e);
      }
      if (isThenable(r)) {
        on.wentAsync();
        const next = i + 1;
        r.then(() => runFrom(next), on.failed);
        return;
      }
    }
    on.done();
  };
  runFrom(0);
}
