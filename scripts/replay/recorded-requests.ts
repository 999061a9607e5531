import type { JournalEvent } from "./stored-run.js";

/**
 * Which of the recorded node's own requests a reply delivered to it answers,
 * told by position: the `ordinal`-th request (0 = first) of type `type` that
 * the node sent to `to`. Replay cannot use the recorded msg_id itself (the
 * replayed node numbers its requests afresh, and sends them at other moments),
 * but the k-th read it sends to seq-kv stands for the k-th read the recorded
 * node sent there.
 */
export interface ReplyOrigin {
  type: string;
  to: string;
  ordinal: number;
  /** The request's msg_id in the recorded run: the reply's in_reply_to there. */
  recordedMsgId: number;
}

/** What the journal says about the node's own requests. */
export interface RecordedRequests {
  /** For each message delivered to the node, in journal order (as deliveredTo), the request it answers; undefined for a message that is not a reply, or answers nothing the journal shows the node sending. */
  origins: (ReplyOrigin | undefined)[];
  /** How many requests (messages with a msg_id and no in_reply_to) the node sent, by type. */
  sentByType: Map<string, number>;
}

/** The key under which requests are counted: one count per destination and type. */
export function requestKey(to: string, type: string): string {
  return `${to}\u0000${type}`;
}

/**
 * Pairs each reply delivered to `node` with the request of the node's that it
 * answers: the latest send from `node` to the reply's source with that msg_id
 * before the reply (a node killed and started again numbers from 1 again).
 */
export function recordedRequests(events: readonly JournalEvent[], node: string): RecordedRequests {
  const counts = new Map<string, number>();
  const sentByType = new Map<string, number>();
  /** The request behind each "dest msg_id" the node has used so far. */
  const byMsgId = new Map<string, ReplyOrigin>();
  const origins: (ReplyOrigin | undefined)[] = [];
  for (const e of events) {
    const { src, dest, body } = e.message;
    if (e.type === "send" && src === node && isRequest(body)) {
      const type = body.type;
      const key = requestKey(dest, type);
      const ordinal = counts.get(key) ?? 0;
      counts.set(key, ordinal + 1);
      sentByType.set(type, (sentByType.get(type) ?? 0) + 1);
      byMsgId.set(`${dest} ${body.msg_id}`, { type, to: dest, ordinal, recordedMsgId: body.msg_id });
    } else if (e.type === "recv" && dest === node) {
      origins.push(typeof body.in_reply_to === "number" ? byMsgId.get(`${src} ${body.in_reply_to}`) : undefined);
    }
  }
  return { origins, sentByType };
}

/** A request: a typed message with a msg_id that is not itself a reply. */
export function isRequest(body: Record<string, unknown>): body is { type: string; msg_id: number } {
  return typeof body.type === "string" && typeof body.msg_id === "number" && body.in_reply_to === undefined;
}
