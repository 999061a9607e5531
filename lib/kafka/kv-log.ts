import { type KvClient, PreconditionFailedError } from "../kv/kv-client.js";

const isLog = (v: unknown): v is unknown[] => Array.isArray(v);
const isOffset = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);

/**
 * Kafka-style logs on a linearizable key-value service (Maelstrom's lin-kv):
 * key k's whole log is one value, `log/<k>`, an array whose index is the
 * offset, appended to with compare-and-set; its committed offset is
 * `commit/<k>`, raised with compare-and-set and never lowered. Every node
 * serves every request from the service, so any node can answer a poll, and
 * the node keeps nothing of its own: a killed node loses nothing. A log is
 * read and rewritten whole on each send, which suits Maelstrom's keys (each
 * gets at most --max-writes-per-key + 1 messages before the workload moves on).
 */
export class KvLog {
  constructor(private readonly kv: KvClient) {}

  /** Appends `msg` to key's log; the offset it got. Retries while other appends win the compare-and-set. */
  async send(key: string, msg: unknown): Promise<number> {
    for (;;) {
      const log = await this.kv.readOr(`log/${key}`, [] as unknown[], isLog);
      try {
        await this.kv.cas(`log/${key}`, log, [...log, msg], { createIfNotExists: log.length === 0 });
        return log.length;
      } catch (e) {
        if (!(e instanceof PreconditionFailedError)) throw e;
      }
    }
  }

  /** Each key's messages from its requested offset on, as [offset, msg] pairs; keys with none left out. */
  async poll(offsets: Record<string, number>): Promise<Record<string, [number, unknown][]>> {
    const out: Record<string, [number, unknown][]> = {};
    await Promise.all(
      Object.entries(offsets).map(async ([key, from]) => {
        const log = await this.kv.readOr(`log/${key}`, [] as unknown[], isLog);
        const pairs = log.slice(Math.max(0, from)).map((m, i): [number, unknown] => [Math.max(0, from) + i, m]);
        if (pairs.length > 0) out[key] = pairs;
      }),
    );
    return out;
  }

  /** Raises each key's committed offset to at least the one given (a lower one leaves it as it is). */
  async commit(offsets: Record<string, number>): Promise<void> {
    await Promise.all(
      Object.entries(offsets).map(async ([key, offset]) => {
        for (;;) {
          const current = await this.kv.readOr(`commit/${key}`, undefined, isOffset);
          if (current !== undefined && current >= offset) return;
          try {
            await this.kv.cas(`commit/${key}`, current ?? -1, offset, { createIfNotExists: current === undefined });
            return;
          } catch (e) {
            if (!(e instanceof PreconditionFailedError)) throw e;
          }
        }
      }),
    );
  }

  /** The committed offset of each key that has one. */
  async committed(keys: readonly string[]): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    await Promise.all(
      keys.map(async (key) => {
        const o = await this.kv.readOr(`commit/${key}`, undefined, isOffset);
        if (o !== undefined) out[key] = o;
      }),
    );
    return out;
  }
}
