import type { Clock, Timer } from "../../lib/runtime/clock.js";
import { errorName, isDefinite } from "../../lib/protocol/error-table.js";
import type { Endpoint, NetMessage, Network } from "../network/network.js";
import { jsonText } from "../model/json-text.js";

/** No reply within the client's timeout. Maelstrom records it as `net-timeout`. */
export class ClientTimeout extends Error {
  constructor(readonly dest: string, readonly timeoutMs: number, body: Record<string, unknown>) {
    super(`no reply from ${dest} to ${String(body.type)} (msg_id ${String(body.msg_id)}) within ${timeoutMs} ms`);
    this.name = "ClientTimeout";
  }
}

/** An `error` reply: code, Maelstrom's name for it, and whether it is definite. */
export class ErrorReply extends Error {
  readonly kind: string;
  readonly definite: boolean;
  constructor(readonly code: number, readonly text: string, readonly body: Record<string, unknown>) {
    super(`error ${code} (${errorName(code)}): ${text}`);
    this.name = "ErrorReply";
    this.kind = errorName(code);
    this.definite = isDefinite(code);
  }
}

/** A reply that does not fit the RPC's closed response schema. */
export class MalformedResponse extends Error {
  constructor(readonly reply: Record<string, unknown>, problem: string) {
    super(`Malformed RPC response ${jsonText(reply)}: ${problem}`);
    this.name = "MalformedResponse";
  }
}

/** Checks a reply body; returns a description of what is wrong, or undefined. */
export type ResponseCheck = (body: Record<string, unknown>) => string | undefined;

interface Waiting {
  msgId: number;
  resolve: (body: Record<string, unknown>) => void;
  reject: (e: Error) => void;
  timer: Timer;
  check: ResponseCheck | undefined;
  dest: string;
}

/**
 * A Maelstrom client (`c<k>`): one request outstanding at a time, msg_ids from
 * 1, and a reply is accepted on one test only: its in_reply_to equals the
 * msg_id awaited (the sender is not checked). Anything else is discarded.
 */
export class MaelstromClient implements Endpoint {
  #nextMsgId = 1;
  #waiting: Waiting | undefined;
  #open = false;

  constructor(readonly id: string, readonly network: Network, readonly clock: Clock) {}

  open(): this {
    this.network.register(this.id, this);
    this.#open = true;
    return this;
  }

  close(): void {
    if (!this.#open) return;
    this.#open = false;
    this.network.unregister(this.id);
    const w = this.#waiting;
    this.#waiting = undefined;
    if (w) {
      w.timer.cancel();
      w.reject(new Error(`client ${this.id} closed while waiting for a reply from ${w.dest}`));
    }
  }

  get busy(): boolean {
    return this.#waiting !== undefined;
  }

  deliver(msg: NetMessage): void {
    const w = this.#waiting;
    if (!w || msg.body.in_reply_to !== w.msgId) return; // stale or stray: dropped, as Maelstrom's client does
    this.#waiting = undefined;
    w.timer.cancel();
    const body = msg.body;
    if (body.type === "error") {
      const code = typeof body.code === "number" && Number.isInteger(body.code) ? body.code : -1;
      w.reject(new ErrorReply(code, typeof body.text === "string" ? body.text : "", body));
      return;
    }
    const problem = w.check?.(body);
    if (problem !== undefined) w.reject(new MalformedResponse(body, problem));
    else w.resolve(body);
  }

  /** Sends one request and waits for its reply. Throws if a request is already outstanding. */
  rpc(dest: string, body: Record<string, unknown> & { type: string }, timeoutMs: number, check?: ResponseCheck): Promise<Record<string, unknown>> {
    if (this.#waiting) throw new Error(`client ${this.id} already has a request outstanding`);
    const msgId = this.#nextMsgId++;
    const full = { ...body, msg_id: msgId };
    return new Promise((resolve, reject) => {
      const timer = this.clock.after(timeoutMs, () => {
        if (this.#waiting?.msgId !== msgId) return;
        this.#waiting = undefined;
        reject(new ClientTimeout(dest, timeoutMs, full));
      });
      this.#waiting = { msgId, resolve, reject, timer, check, dest };
      try {
        this.network.send(this.id, dest, full);
      } catch (e) {
        this.#waiting = undefined;
        timer.cancel();
        reject(e as Error);
      }
    });
  }
}
