import { isKvRequest, kvStep, PERSISTENT_KV } from "./kv-step.js";
import type { Service, ServiceReply } from "./service.js";

/**
 * Maelstrom's `lin-kv`: one key-value map updated by each request in turn, so
 * every operation takes effect at once, in arrival order: linearizable.
 */
export class LinKv implements Service {
  readonly #m = new Map<string, unknown>();

  handle(_src: string, body: Readonly<Record<string, unknown>>): ServiceReply | undefined {
    if (!isKvRequest(body.type)) return undefined;
    const m = this.#m;
    const { reply, put } = kvStep((k) => (m.has(k) ? { value: m.get(k) } : undefined), body, PERSISTENT_KV);
    if (put) m.set(put.key, put.value);
    return reply;
  }
}
