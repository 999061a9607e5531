import type { Service, ServiceReply } from "./service.js";

/**
 * Maelstrom's `lin-tso`, a timestamp oracle: each `ts` request gets the next
 * integer, from 0, whoever asks; requests are served one at a time, so the
 * stamps are unique and increase in real-time order (linearizable).
 */
export class LinTso implements Service {
  #next = 0;

  handle(_src: string, body: Readonly<Record<string, unknown>>): ServiceReply | undefined {
    if (body.type !== "ts") return undefined;
    return { type: "ts_ok", ts: this.#next++ };
  }
}
