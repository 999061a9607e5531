import { ErrorCode } from "../protocol/error-table.js";
import type { Body } from "../protocol/message.js";
import { RpcError } from "../protocol/rpc-error.js";
import { checkInterval } from "../runtime/clock.js";
import type { Node } from "../runtime/node.js";
import { jsonProblem } from "./json-problem.js";

/** Maelstrom's key-value services, by node id. */
export type KvService = "lin-kv" | "seq-kv" | "lww-kv";

/** Code 20: the key is missing and the operation does not create it. */
export class KeyDoesNotExistError extends RpcError {
  constructor(text?: string, extra?: Record<string, unknown>) {
    super(ErrorCode.keyDoesNotExist, text, extra);
    this.name = "KeyDoesNotExistError";
  }
}

/** Code 21: the key exists and will not be overwritten. */
export class KeyAlreadyExistsError extends RpcError {
  constructor(text?: string, extra?: Record<string, unknown>) {
    super(ErrorCode.keyAlreadyExists, text, extra);
    this.name = "KeyAlreadyExistsError";
  }
}

/** Code 22: a compare-and-set's expected value did not match. */
export class PreconditionFailedError extends RpcError {
  constructor(text?: string, extra?: Record<string, unknown>) {
    super(ErrorCode.preconditionFailed, text, extra);
    this.name = "PreconditionFailedError";
  }
}

function typed(e: unknown): unknown {
  if (!(e instanceof RpcError)) return e;
  switch (e.code) {
    case ErrorCode.keyDoesNotExist:
      return new KeyDoesNotExistError(e.text, { ...e.extra });
    case ErrorCode.keyAlreadyExists:
      return new KeyAlreadyExistsError(e.text, { ...e.extra });
    case ErrorCode.preconditionFailed:
      return new PreconditionFailedError(e.text, { ...e.extra });
    default:
      return e;
  }
}

export interface CasOptions {
  /** Store `to` if the key is missing (lin-kv and seq-kv; lww-kv ignores it and answers 20). */
  createIfNotExists?: boolean;
}

/**
 * A client for Maelstrom's lin-kv, seq-kv and lww-kv services. Errors 20, 21
 * and 22 reject with their own RpcError subclasses; a timeout rejects with
 * code 0, which is indefinite: a write that timed out may still happen.
 * Arguments are checked before anything is sent: a key, value, `from` or `to`
 * that is undefined or not a JSON value rejects with a TypeError naming it.
 */
export class KvClient {
  readonly node: Node;
  readonly service: string;
  readonly timeoutMs: number;

  constructor(node: Node, service: KvService | (string & {}) = "lin-kv", opts: { timeoutMs?: number } = {}) {
    if (typeof service !== "string" || service === "") {
      throw new TypeError(`KvClient: service must be a non-empty string (a node id such as "lin-kv"); got ${JSON.stringify(service) ?? String(service)}`);
    }
    this.node = node;
    this.service = service;
    this.timeoutMs = opts.timeoutMs ?? 1000;
    checkInterval(this.timeoutMs, `KvClient(${service}): timeoutMs`);
  }

  /**
   * Reads a key. The service holds whatever some node wrote, so the value is
   * `unknown` unless `is`, a type guard, checks it: then it is typed `V`, and a
   * value `is` refuses rejects with a TypeError naming the key and the value.
   */
  read(key: unknown): Promise<unknown>;
  read<V>(key: unknown, is: (value: unknown) => value is V): Promise<V>;
  async read<V>(key: unknown, is?: (value: unknown) => value is V): Promise<unknown> {
    this.#check("read", { key });
    const reply = await this.#call({ type: "read", key }, "read_ok");
    if (!("value" in reply)) throw RpcError.crash(`${this.service} answered read of ${JSON.stringify(key)} with no "value"`);
    if (is !== undefined && !is(reply.value)) throw new TypeError(`KvClient.read on ${this.service}: key ${shown(key)} holds ${shown(reply.value)}, which ${is.name ? `the check ${is.name}` : "the check"} refuses`);
    return reply.value;
  }

  /**
   * Reads a key, answering `fallback` instead of rejecting when it does not
   * exist. Without `is` the value read is `unknown` (the fallback's type says
   * nothing about what the service holds); with `is`, a type guard, it is
   * checked as `read` checks it, and the answer is typed `V | F`:
   * `readOr("n", 0, isCount)` is a `Promise<number>`, `readOr("doc", undefined, isDoc)`
   * a `Promise<Doc | undefined>`.
   */
  readOr(key: unknown, fallback: unknown): Promise<unknown>;
  readOr<V, F = V>(key: unknown, fallback: F, is: (value: unknown) => value is V): Promise<V | F>;
  async readOr<V, F>(key: unknown, fallback: F, is?: (value: unknown) => value is V): Promise<unknown> {
    try {
      return is === undefined ? await this.read(key) : await this.read(key, is);
    } catch (e) {
      if (e instanceof KeyDoesNotExistError) return fallback;
      throw e;
    }
  }

  async write(key: unknown, value: unknown): Promise<void> {
    this.#check("write", { key, value });
    await this.#call({ type: "write", key, value }, "write_ok");
  }

  /** Sets `key` to `to` if it currently holds `from`; else PreconditionFailedError. */
  async cas(key: unknown, from: unknown, to: unknown, opts: CasOptions = {}): Promise<void> {
    this.#check("cas", { key, from, to });
    const create: unknown = opts?.createIfNotExists;
    if (create !== undefined && typeof create !== "boolean") {
      const shown = typeof create === "string" ? `the string ${JSON.stringify(create)}` : create === null ? "null" : typeof create === "object" ? "an object" : String(create);
      throw new TypeError(`KvClient.cas on ${this.service}: "createIfNotExists" must be true or false; got ${shown}; nothing was sent`);
    }
    const body: { type: string; [k: string]: unknown } = { type: "cas", key, from, to };
    if (opts.createIfNotExists) body.create_if_not_exists = true;
    await this.#call(body, "cas_ok");
  }

  /** Throws a TypeError naming the first argument that is not a JSON value. */
  #check(call: string, args: Record<string, unknown>): void {
    for (const [name, value] of Object.entries(args)) {
      const problem = jsonProblem(value, name);
      if (problem !== undefined) {
        throw new TypeError(
          `KvClient.${call} on ${this.service}: ${problem}; nothing was sent. Each argument must be a JSON value: null, a boolean, a finite number, a string, or arrays and plain objects of these.`,
        );
      }
    }
  }

  async #call(body: { type: string; [k: string]: unknown }, expect: string): Promise<Body> {
    let reply: Body;
    try {
      reply = await this.node.rpc(this.service, body, { timeoutMs: this.timeoutMs });
    } catch (e) {
      throw typed(e);
    }
    if (reply.type !== expect) throw RpcError.crash(`${this.service} answered ${body.type} with "${reply.type}", expected "${expect}"`);
    return reply;
  }
}

/** A key or value for an error message: its JSON, at most 200 characters. */
function shown(v: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(v) ?? String(v);
  } catch {
    text = String(v);
  }
  return text.length <= 200 ? text : `${text.slice(0, 200)}...`;
}
