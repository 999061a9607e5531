import type { OutgoingBody } from "../protocol/message.js";
import { clip, describeValue, serialiseFailure } from "../protocol/describe.js";

/** An object with a string `type`: something that can be sent as a message body. */
export function isBody(v: unknown): v is OutgoingBody {
  return typeof v === "object" && v !== null && !Array.isArray(v) && typeof (v as { type?: unknown }).type === "string";
}

/**
 * Serialises outgoing messages as `{"src","dest","body":{...body,"msg_id","in_reply_to"}}`.
 * The ids are appended to the serialised body as text, which spares an
 * object copy per message; a body that already has either key is copied.
 * Holds the cache of envelope prefixes, so each node has its own.
 */
export class MessageEncoder {
  #prefixSrc = "";
  readonly #prefixes = new Map<string, string>();

  /**
   * The whole line, or an error saying why there is none (a TypeError for
   * something that is not a body; "could not serialise …" for one JSON refuses).
   */
  encode(src: string, dest: string, body: OutgoingBody, msgId: number, inReplyTo: number | undefined): string {
    const what = inReplyTo === undefined ? "message" : "reply";
    if (!isBody(body)) throw new TypeError(`cannot send ${describeValue(body)} as a ${what} to ${String(dest)}: a body must be an object with a string "type"`);
    try {
      return this.#serialise(src, dest, body, msgId, inReplyTo);
    } catch (e) {
      const label = body.type === "error" && typeof body.code === "number" ? `error ${what} (code ${body.code})` : `${body.type} ${what}`;
      throw new Error(`could not serialise the ${label} to ${String(dest)}: ${serialiseFailure(e)}`, { cause: e });
    }
  }

  #serialise(src: string, dest: string, body: OutgoingBody, msgId: number, inReplyTo: number | undefined): string {
    if ("msg_id" in body || "in_reply_to" in body) {
      const b = inReplyTo === undefined ? { ...body, msg_id: msgId } : { ...body, msg_id: msgId, in_reply_to: inReplyTo };
      return JSON.stringify({ src, dest, body: b });
    }
    const json: unknown = JSON.stringify(body);
    if (typeof json !== "string" || !json.startsWith("{")) throw new TypeError(`it serialises to ${json === undefined ? "nothing" : clip(String(json))}, not a JSON object (a toJSON method?)`);
    const ids = inReplyTo === undefined ? `"msg_id":${msgId}` : `"msg_id":${msgId},"in_reply_to":${inReplyTo}`;
    const sep = json.length > 2 ? "," : "";
    return this.#prefix(src, dest) + json.slice(0, -1) + sep + ids + "}}";
  }

  /** `{"src":…,"dest":…,"body":` for a pair of ids, cached: a node talks to few destinations. */
  #prefix(src: string, dest: string): string {
    if (src !== this.#prefixSrc) {
      this.#prefixes.clear();
      this.#prefixSrc = src;
    }
    let p = this.#prefixes.get(dest);
    if (p === undefined) {
      if (this.#prefixes.size >= 4096) this.#prefixes.clear();
      p = `{"src":${JSON.stringify(src)},"dest":${JSON.stringify(dest)},"body":`;
      this.#prefixes.set(dest, p);
    }
    return p;
  }
}
