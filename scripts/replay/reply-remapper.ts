import type { Message } from "../../lib/protocol/message.js";
import type { SendLine } from "./input-line.js";
import { isRequest, type ReplyOrigin, requestKey } from "./recorded-requests.js";

/** A recorded reply not yet sent, because the replayed node has not sent the request it stands for. */
export interface HeldReply {
  line: SendLine;
  origin: ReplyOrigin;
}

/** What to do with an input line: send it (perhaps rewritten), or hold it back. */
export type Prepared = { send: SendLine } | { held: HeldReply; sentSoFar: number };

/**
 * Rewrites the in_reply_to of recorded replies to the msg_id of the replayed
 * node's corresponding request (same type, same destination, same position),
 * so the node's pending-RPC table recognises them. Fed the node's output as it
 * comes; does no I/O itself.
 */
export class ReplyRemapper {
  /** The replayed node's request msg_ids so far, by requestKey, in the order sent. */
  readonly #requests = new Map<string, number[]>();
  readonly #held: HeldReply[] = [];
  readonly #node: string;
  readonly #originOf: (lineNo: number) => ReplyOrigin | undefined;
  #remapped = 0;
  #waited = 0;

  /** `originOf(lineNo)`: the recorded request an input line (1-based) answers, if it is such a reply. */
  constructor(node: string, originOf: (lineNo: number) => ReplyOrigin | undefined) {
    this.#node = node;
    this.#originOf = originOf;
  }

  /** Notes a message the node wrote; a request of its own is remembered by position. */
  observe(msg: Message<Record<string, unknown>>): void {
    if (msg.src !== this.#node || !isRequest(msg.body)) return;
    const key = requestKey(msg.dest, msg.body.type);
    const ids = this.#requests.get(key) ?? [];
    ids.push(msg.body.msg_id);
    this.#requests.set(key, ids);
  }

  /** What to do with an input line about to be sent. */
  prepare(line: SendLine): Prepared {
    const origin = line.lineNo === null ? undefined : this.#originOf(line.lineNo);
    if (origin === undefined || line.message === undefined) return { send: line };
    const ids = this.#requests.get(requestKey(origin.to, origin.type)) ?? [];
    const id = ids[origin.ordinal];
    if (id === undefined) {
      const held = { line, origin };
      this.#held.push(held);
      return { held, sentSoFar: ids.length };
    }
    this.#remapped++;
    return { send: rewrite(line, id, origin.recordedMsgId) };
  }

  /** Held replies whose request the node has now sent, rewritten, in input order; they are no longer held. */
  release(): SendLine[] {
    const out: SendLine[] = [];
    for (let i = 0; i < this.#held.length; ) {
      const { line, origin } = this.#held[i]!;
      const id = this.#requests.get(requestKey(origin.to, origin.type))?.[origin.ordinal];
      if (id === undefined) {
        i++;
        continue;
      }
      this.#held.splice(i, 1);
      this.#remapped++;
      this.#waited++;
      out.push(rewrite(line, id, origin.recordedMsgId));
    }
    return out;
  }

  /** How many replies were sent with a rewritten in_reply_to. */
  get remapped(): number {
    return this.#remapped;
  }

  /** How many of those were held a while first: the node had not yet sent the request when the reply was due. */
  get waited(): number {
    return this.#waited;
  }

  /** The replies still held (at the end: those that could not be matched). */
  get held(): readonly HeldReply[] {
    return this.#held;
  }

  /**
   * The held replies split by why they stay held: `late`, the node did send
   * their request, but only once replay had stopped sending (its stdin closed,
   * or the time was up); `neverSent`, it sent fewer of those requests than the
   * recorded node. Does not release anything.
   */
  unmatched(): { late: HeldReply[]; neverSent: HeldReply[] } {
    const late: HeldReply[] = [];
    const neverSent: HeldReply[] = [];
    for (const h of this.#held) {
      const sent = this.#requests.get(requestKey(h.origin.to, h.origin.type))?.[h.origin.ordinal] !== undefined;
      (sent ? late : neverSent).push(h);
    }
    return { late, neverSent };
  }
}

/** The line with in_reply_to set to `id`, the body's keys in their order. */
function rewrite(line: SendLine, id: number, was: number): SendLine {
  const message = { ...line.message!, body: { ...line.message!.body, in_reply_to: id } };
  return { ...line, text: JSON.stringify(message), message, inReplyToWas: was };
}
