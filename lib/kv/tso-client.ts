import type { Body } from "../protocol/message.js";
import { RpcError } from "../protocol/rpc-error.js";
import { checkInterval } from "../runtime/clock.js";
import type { Node } from "../runtime/node.js";

/**
 * A client for Maelstrom's `lin-tso` timestamp oracle: each `ts()` asks for
 * the next timestamp (integers from 0, unique, increasing in real-time order).
 * A timeout rejects with code 0, which is indefinite: the oracle may still
 * have handed out (and so skipped) a timestamp.
 */
export class TsoClient {
  readonly node: Node;
  readonly service: string;
  readonly timeoutMs: number;

  constructor(node: Node, service = "lin-tso", opts: { timeoutMs?: number } = {}) {
    if (typeof service !== "string" || service === "") {
      throw new TypeError(`TsoClient: service must be a non-empty string (a node id such as "lin-tso"); got ${JSON.stringify(service) ?? String(service)}`);
    }
    this.node = node;
    this.service = service;
    this.timeoutMs = opts.timeoutMs ?? 1000;
    checkInterval(this.timeoutMs, `TsoClient(${service}): timeoutMs`);
  }

  /** The next timestamp. */
  async ts(): Promise<number> {
    const reply: Body = await this.node.rpc(this.service, { type: "ts" }, { timeoutMs: this.timeoutMs });
    if (reply.type !== "ts_ok") throw RpcError.crash(`${this.service} answered ts with "${reply.type}", expected "ts_ok"`);
    const ts = reply.ts;
    if (typeof ts !== "number" || !Number.isSafeInteger(ts)) throw RpcError.crash(`${this.service} answered ts with ts ${JSON.stringify(ts) ?? "missing"}, expected a whole number`);
    return ts;
  }
}
