import type { Message } from "../protocol/message.js";
import type { Clock, Timer } from "./clock.js";

interface Pending {
  timer: Timer;
  onReply: (reply: Message) => void;
  onTimeout: () => void;
}

/**
 * The table of RPCs waiting for an answer, keyed by the request's msg_id.
 * An entry leaves the table exactly once: on its reply (its timer is
 * cancelled) or on its timeout. Nothing lingers after either.
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

  add(msgId: number, timeoutMs: number, onReply: (reply: Message) => void, onTimeout: () => void): void {
    if (this.#entries.has(msgId)) throw new Error(`PendingRpcs: msg_id ${msgId} is already waiting`);
    const timer = this.#clock.after(timeoutMs, () => {
      if (this.#entries.delete(msgId)) onTimeout();
    });
    this.#entries.set(msgId, { timer, onReply, onTimeout });
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

  /** Times out every waiting RPC at once (used when the node stops). */
  expireAll(): void {
    const all = [...this.#entries.values()];
    this.#entries.clear();
    for (const p of all) {
      p.timer.cancel();
      p.onTimeout();
    }
  }
}
