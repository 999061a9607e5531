import type { JournalEvent } from "./stored-run.js";
import { isRequest } from "./recorded-requests.js";

/**
 * For each message delivered to `node` (in journal order, as deliveredTo):
 * whether waiting for the node's reply to it before sending the next one can
 * work. True for a message that is not a request, and for a request the
 * recorded node answered before its next delivery; false for one it answered
 * only later (its answer needed more input first, such as the seq-kv replies
 * to the RPCs it makes for a client's add) or never. Step mode waits --reply-ms
 * for a reply only where this is true: where it is false the wait would hold
 * back the very input the reply needs, and the node's own RPC timeouts fire.
 */
export function replyBeforeNextInput(events: readonly JournalEvent[], node: string): boolean[] {
  const out: boolean[] = [];
  /** The requests delivered to the node and not yet answered, by "src msg_id", to their index in `out`. */
  const open = new Map<string, number>();
  for (const e of events) {
    const { src, dest, body } = e.message;
    if (e.type === "recv" && dest === node) {
      // Whatever is still open now was not answered before this delivery.
      for (const i of open.values()) out[i] = false;
      open.clear();
      const i = out.length;
      out.push(true);
      if (isRequest(body)) {
        out[i] = false;
        open.set(`${src} ${body.msg_id}`, i);
      }
    } else if (e.type === "send" && src === node && typeof body.in_reply_to === "number") {
      const i = open.get(`${dest} ${body.in_reply_to}`);
      if (i !== undefined) {
        out[i] = true;
        open.delete(`${dest} ${body.in_reply_to}`);
      }
    }
  }
  return out;
}
