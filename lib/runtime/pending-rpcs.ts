import type { Message } from "../protocol/message.js";
import type { Clock, Timer } from "./clock.js";

interface Pending {
  timer: Timer;
  onReply: (reply: Message) => void;
  onStop: (reason: string) => void;
}

/**
 * The table of RPCs waiting for an answer, keyed by the request's msg_id.
 * An entry leaves the table exactly once: on its reply (its timer is
 * cancelled), on its timeout, when it is withdrawn (its request could not be
 * sent) or when the node stops. Nothing lingers after any of them.
 */
export class PendingRpcs {
  readonly #clock: Clock;
  readonly #entries = new Map<number, Pending>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** `onStop` is called instead of `onTimeout` if `stopAll` ends the wait first. */
  add(msgId: number, timeoutMs: number, onReply: (reply: Message) => void, onTimeout: () => void, onStop: (reason: string) => void): void {
    if (this.#entries.has(msgId)) throw new Error(`PendingRpcs: msg_id ${msgId} is already waiting`);
    const timer = this.#clock.after(timeoutMs, () => {
      if (this.#entries.delete(msgId)) onTimeout();
    });
    this.#entries.set(msgId, { timer, onReply, onStop });
  }

  /** Removes an entry and its timer without calling anything (its request was never sent); false if absent. */
  withdraw(msgId: number): boolean {
    const p = this.#entries.get(msgId);
    if (!p) return false;
    this.#entries.delete(msgId);
    p.timer.cancel();
    return true;
  }

  /** Hands a reply to the RPC waiting for it; false if none is (late, duplicate or unknown). */
  resolve(inReplyTo: number, reply: Message): boolean {
    const p = this.#entries.get(inReplyTo);
    if (!p) return false;
    this.#entries.delete(inReplyTo);
    p.timer.cancel();
    p.onReply(reply);
    return true;
  }

  /** Ends every wait at once, calling each entry's `onStop(reason)` (used when the node stops). */
  stopAll(reason: string): void {
    const all = [...this.#entries.values()];
    this.#entries.clear();
    for (const p of all) p.timer.cancel();
    for (const p of all) p.onStop(reason);
  }
}
