import { ErrorCode } from "../protocol/error-table.js";
import type { Body, Message, OutgoingBody } from "../protocol/message.js";
import { msgIdOf, msgIdProblem, unechoableMsgIdText } from "../protocol/msg-id.js";
import { parseLine } from "../protocol/parse-line.js";
import { RpcError } from "../protocol/rpc-error.js";
import type { Clock, Timer } from "./clock.js";
import { clip, describeValue, formatIssues, isThenable, messageOf, safeJson, safeString, stackOf, typeOf } from "../protocol/describe.js";
import { type LogLevel, Logger, logLevelFromEnv } from "./logger.js";
import { isBody, MessageEncoder } from "./message-encoder.js";
import { NodeTimers } from "./node-timers.js";
import { PendingRpcs } from "./pending-rpcs.js";
import { RealClock } from "./real-clock.js";
import { rpcCall, type RpcContext, type RpcOptions } from "./rpc-call.js";
import { type RetryContext, type RetryOptions, rpcWithRetry } from "./rpc-with-retry.js";
import { type InitHook, runInitHooks } from "./run-init-hooks.js";
import { StdioTransport } from "./stdio-transport.js";
import type { Transport } from "./transport.js";

/**
 * On the message a handler with a schema is given: the request as received.
 * The schema's output may have lost msg_id (z.object strips unknown keys), and
 * `reply(m, …)` must answer the original. A symbol key, not a WeakMap: a
 * WeakMap entry per message cost a fifth of the echo node's throughput in GC.
 */
const RECEIVED_AS = Symbol("received as");
type ReceivedAs = { [RECEIVED_AS]?: Message<Record<string, unknown>> };

/**
 * Anything with zod's `safeParse` shape. The runtime does not import zod
 * itself; any zod schema (or a hand-written validator of this shape) works.
 */
export interface BodySchema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } };
}

/** What a handler may return: a reply body (sent with in_reply_to set), or nothing. */
export type HandlerResult = OutgoingBody | undefined | void;
export type Handler<B> = (msg: Message<B>, node: Node) => HandlerResult | Promise<HandlerResult>;

export interface NodeOptions {
  /** Where lines come from and go to. Default: stdin/stdout. */
  transport?: Transport;
  /** Time source for timers and RPC timeouts. Default: real timers. */
  clock?: Clock;
  /** Randomness (retry jitter). Default: Math.random. */
  random?: () => number;
  /** Where diagnostics go. Default: stderr. */
  logWrite?: (line: string) => void;
  /** Log level. Default: from MAELSTROM_NODE_LOG, else info. */
  logLevel?: LogLevel;
}

export type { RetryOptions, RpcOptions };

type Entry = { schema: BodySchema<unknown> | undefined; handler: Handler<unknown> };

/**
 * A Maelstrom node: reads messages, dispatches them to handlers by body type,
 * and sends replies, messages and RPCs. It owns `init`. Every outside effect
 * (transport, clock, randomness, log sink) is injected, so many nodes can live
 * in one process and tests run on virtual time.
 */
export class Node {
  readonly log: Logger;
  readonly clock: Clock;
  readonly random: () => number;

  #id: string | undefined;
  #nodeIds: readonly string[] = [];
  #nextMsgId = 1;
  readonly #transport: Transport;
  readonly #handlers = new Map<string, Entry>();
  readonly #initHooks: InitHook<Node>[] = [];
  readonly #pending: PendingRpcs;
  readonly #timers: NodeTimers;
  /** What rpcCallback and rpcWithRetry need from this node. */
  readonly #rpcContext: RpcContext & RetryContext;
  /** Messages that arrived while an async init hook was running; handled once it finishes. */
  #heldDuringInit: Message<Record<string, unknown>>[] | undefined;
  readonly #encoder = new MessageEncoder();
  #started = false;
  /** Why the node stopped ("stdin closed", ...); undefined while it runs. */
  #stoppedBecause: string | undefined;
  /** The digits of msg_ids that JSON.parse had to round, by message body, for precise log lines. */
  readonly #rawMsgIds = new WeakMap<object, string>();

  constructor(opts: NodeOptions = {}) {
    // The transport's own diagnostics (an over-long line skipped, stdout closed) go to the node's log.
    this.#transport = opts.transport ?? new StdioTransport(process.stdin, process.stdout, { log: (text) => this.log.warn(text) });
    this.clock = opts.clock ?? new RealClock();
    this.random = opts.random ?? Math.random;
    const write = opts.logWrite ?? ((l: string) => void process.stderr.write(l));
    let level = opts.logLevel;
    let problem: string | undefined;
    if (level === undefined) ({ level, problem } = logLevelFromEnv(process.env));
    this.log = new Logger(write, level, () => this.#id ?? "uninitialised");
    if (problem) this.log.warn(problem);
    this.#pending = new PendingRpcs(this.clock);
    this.#timers = new NodeTimers(this.clock, this.log);
    this.#rpcContext = {
      pending: this.#pending,
      log: this.log,
      clock: this.clock,
      random: () => this.random(),
      nextMsgId: () => this.#nextMsgId++,
      write: (dest, body, msgId) => this.#write(dest, body, msgId, undefined),
      rpc: (dest, body, opts) => this.rpc(dest, body, opts),
      sleep: (ms) => this.#timers.sleep(ms),
      stoppedBecause: () => this.#stoppedBecause,
    };
  }

  /** This node's id, from `init`. Throws before init, where there is none yet. */
  get id(): string {
    if (this.#id === undefined) throw new Error("node id is not known before init");
    return this.#id;
  }

  /** True once `init` has been received. */
  get initialised(): boolean {
    return this.#id !== undefined;
  }

  /** Every node in the cluster, in Maelstrom's order, including this one. */
  get nodeIds(): readonly string[] {
    return this.#nodeIds;
  }

  /** Every other node in the cluster. */
  get peers(): string[] {
    return this.#nodeIds.filter((n) => n !== this.#id);
  }

  /** Number of RPCs waiting for a reply. */
  get pendingRpcCount(): number {
    return this.#pending.size;
  }

  /**
   * Registers the handler for a body type, optionally with a schema the body
   * must satisfy (else the sender gets error 12 with the schema's message).
   * Registering a type twice, or `init`, throws at once.
   */
  on(type: string, handler: Handler<Body>): this;
  on<T>(type: string, schema: BodySchema<T>, handler: Handler<T>): this;
  on(type: string, a: BodySchema<unknown> | Handler<Body>, b?: Handler<unknown>): this {
    if (type === "init") throw new Error('the runtime answers "init" itself; use node.onInit(hook) to run code at init');
    if (this.#handlers.has(type)) throw new Error(`a handler for "${type}" is already registered`);
    const entry: Entry = typeof a === "function" ? { schema: undefined, handler: a as Handler<unknown> } : { schema: a, handler: b! };
    if (typeof entry.handler !== "function") throw new TypeError(`on("${type}", schema, handler): handler must be a function`);
    this.#handlers.set(type, entry);
    return this;
  }

  /** Runs `hook` when `init` arrives, after ids are stored and before `init_ok` is sent. */
  onInit(hook: InitHook<Node>): this {
    this.#initHooks.push(hook);
    return this;
  }

  /** Sends a message; returns the msg_id given to it. After `stop()`, sends nothing and logs why. */
  send(dest: string, body: OutgoingBody): number {
    const msgId = this.#nextMsgId++;
    if (this.#stoppedBecause !== undefined) {
      this.log.info(`not sending ${String(body?.type)} to ${dest}: the node stopped (${this.#stoppedBecause})`);
      return msgId;
    }
    this.#write(dest, body, msgId, undefined);
    return msgId;
  }

  /**
   * Answers a request. Does nothing (but log why) if the request carries no
   * msg_id, or one that cannot be echoed exactly as `in_reply_to` (not a
   * non-negative integer, or beyond 2^53). Throws if the body cannot be serialised.
   * `request` may be the message a handler with a schema was given: the reply
   * answers the request as received, even if the schema dropped its msg_id.
   */
  reply(request: Message<unknown>, body: OutgoingBody): void {
    const original = (request as ReceivedAs)[RECEIVED_AS] ?? request;
    const inReplyTo = msgIdOf(original);
    if (inReplyTo === undefined) {
      const level = (original.body as Record<string, unknown> | undefined)?.msg_id === undefined ? "info" : "warn";
      this.log[level](`not replying to a ${typeOf(original)} from ${String(original.src)}: ${this.#msgIdProblem(original)}`);
      return;
    }
    this.#write(original.src, body, this.#nextMsgId++, inReplyTo, original.dest);
  }

  /**
   * Sends a request and calls back once: with the reply body, or with an
   * RpcError: the error reply's code; 0 if no reply came in time or the node
   * stopped while waiting (the request may have been processed); 14 (abort)
   * if the node had already stopped, so nothing was sent. A body that cannot
   * be written throws here, leaving nothing pending.
   */
  rpcCallback(dest: string, body: OutgoingBody, callback: (err: RpcError | null, reply?: Body) => void, opts: RpcOptions = {}): number {
    return rpcCall(this.#rpcContext, dest, body, callback, opts);
  }

  /** Sends a request; resolves with the reply body, rejects with an RpcError. */
  rpc(dest: string, body: OutgoingBody, opts: RpcOptions = {}): Promise<Body> {
    return new Promise((resolve, reject) => {
      this.rpcCallback(dest, body, (err, reply) => (err ? reject(err) : resolve(reply!)), opts);
    });
  }

  /**
   * An RPC that tries again, with exponential backoff, while the failure is
   * retryable and the overall deadline has not passed. Rejects with the last
   * error (its text says how many attempts were made).
   */
  rpcWithRetry(dest: string, body: OutgoingBody, opts: RetryOptions = {}): Promise<Body> {
    return rpcWithRetry(this.#rpcContext, dest, body, opts);
  }

  /**
   * Calls `fn` every `ms` (finite, > 0; any length) on the node's clock. A
   * throwing callback is logged, not fatal. After `stop()`, schedules nothing and logs why.
   */
  every(ms: number, fn: () => void | Promise<void>): Timer {
    return this.#timers.every(ms, fn);
  }

  /** Calls `fn` once after `ms` (finite, >= 0; any length) on the node's clock. After `stop()`, schedules nothing and logs why. */
  after(ms: number, fn: () => void | Promise<void>): Timer {
    return this.#timers.after(ms, fn);
  }

  /** Starts reading; resolves once input ends and everything written has been flushed. */
  run(): Promise<void> {
    if (this.#started) throw new Error("node.run() called twice");
    this.#started = true;
    return new Promise((resolve, reject) => {
      this.#transport.start({
        line: (line) => this.handleLine(line),
        end: () => {
          // Let handlers that are only waiting on promises already resolved finish first.
          setImmediate(() => {
            this.stop("stdin closed");
            this.#transport.flush().then(resolve, reject);
          });
        },
      });
    });
  }

  /** `run()` for a node program's main: exit 0 once stdin is closed and output flushed. */
  async main(): Promise<never> {
    // A promise nobody awaited (say, a fire-and-forget rpc that timed out) must
    // not take the node down, which under Maelstrom would crash the whole run.
    process.on("unhandledRejection", (e) => {
      this.log.error(`unhandled promise rejection (the node keeps running): ${stackOf(e)}`);
    });
    try {
      await this.run();
    } catch (e) {
      this.log.error(`could not flush output: ${(e as Error).message}`);
      process.exit(1);
    }
    process.exit(0);
  }

  /**
   * Stops the node for good (the runtime calls it when stdin closes): cancels
   * every timer, rejects every waiting RPC at once (code 0, with a text that
   * says the node stopped and why), ends retry backoffs, and from then on
   * `send`, `rpc`, `every` and `after` send and schedule nothing. Idempotent.
   */
  stop(reason = "stop() was called"): void {
    if (this.#stoppedBecause !== undefined) return;
    this.#stoppedBecause = reason;
    this.#timers.stop(reason);
    this.#pending.stopAll(reason);
  }

  /** Handles one input line. Public so hosts other than a transport can feed a node. */
  handleLine(line: string): void {
    const parsed = parseLine(line);
    if (!parsed.ok) {
      if (line.trim() === "") {
        this.log.warn("skipped an empty line on stdin");
        return;
      }
      this.log.warn(`skipped a line on stdin that is not a message: ${parsed.reason}. The line: ${clip(line)}`);
      return;
    }
    // JSON.parse may have rounded an id beyond 2^53: keep its digits, as sent, for the log.
    const raw = unechoableMsgIdText(line, parsed.message.body);
    if (raw !== undefined) this.#rawMsgIds.set(parsed.message.body, raw);
    this.handleMessage(parsed.message);
  }

  /** Handles one parsed message. Never throws: whatever goes wrong is answered or logged, and the node keeps serving. */
  handleMessage(msg: Message<Record<string, unknown>>): void {
    try {
      this.#handle(msg);
    } catch (e) {
      this.log.error(`internal error while handling a message from ${safeString(msg?.src)} (the node keeps serving): ${stackOf(e)}`);
    }
  }

  #handle(msg: Message<Record<string, unknown>>): void {
    const body = msg.body;
    const inReplyTo = body.in_reply_to;
    if (typeof inReplyTo === "number") {
      let resolved: boolean;
      try {
        resolved = this.#pending.resolve(inReplyTo, msg as Message);
      } catch (e) {
        this.log.error(`the callback for the reply to msg_id ${inReplyTo} from ${String(msg.src)} threw (the node keeps serving): ${stackOf(e)}`);
        return;
      }
      if (resolved) return;
    }
    const type = body.type;
    if (typeof type !== "string") {
      this.#fail(msg, RpcError.malformedRequest(`message body has no string "type" field: ${clip(safeJson(body))}`));
      return;
    }
    if (type === "init") {
      this.#init(msg);
      return;
    }
    if (this.#id === undefined) {
      if (inReplyTo !== undefined) {
        this.log.info(`dropped a ${type} from ${String(msg.src)} in reply to msg_id ${String(inReplyTo)}: no RPC is waiting for it (none can be before init)`);
        return;
      }
      this.#fail(msg, RpcError.temporarilyUnavailable(`this node has not received init yet, so it cannot handle "${type}" (Maelstrom sends init first; try again)`));
      return;
    }
    if (this.#heldDuringInit) {
      this.#heldDuringInit.push(msg);
      return;
    }
    this.#dispatch(msg, type);
  }

  #dispatch(msg: Message<Record<string, unknown>>, type: string): void {
    const entry = this.#handlers.get(type);
    if (!entry) {
      if (msg.body.in_reply_to !== undefined) {
        this.log.info(`dropped a ${type} from ${msg.src} in reply to msg_id ${String(msg.body.in_reply_to)}: no RPC is waiting for it (it timed out, or was never sent)`);
        return;
      }
      this.#fail(msg, RpcError.notSupported(`this node does not handle messages of type "${type}"`));
      return;
    }
    let input: Message<unknown> = msg;
    if (entry.schema) {
      let problem: string | undefined;
      try {
        const r = entry.schema.safeParse(msg.body);
        if (r.success) {
          input = { id: msg.id, src: msg.src, dest: msg.dest, body: r.data, [RECEIVED_AS]: msg } as Message<unknown>;
        } else {
          problem = `invalid ${type} body: ${formatIssues(r.error.issues)}`;
        }
      } catch (e) {
        this.log.error(`the schema for ${type} threw: ${stackOf(e)}`);
        this.#fail(msg, RpcError.crash(`the schema for ${type} threw: ${messageOf(e)}`));
        return;
      }
      if (problem !== undefined) {
        this.#fail(msg, RpcError.malformedRequest(problem));
        return;
      }
    }
    let result: HandlerResult | Promise<HandlerResult>;
    try {
      result = entry.handler(input, this);
      if (isThenable(result)) {
        result.then(
          (r) => this.#answer(msg, r, type),
          (e: unknown) => this.#fail(msg, this.#asRpcError(e, type)),
        );
        return;
      }
    } catch (e) {
      this.#fail(msg, this.#asRpcError(e, type));
      return;
    }
    this.#answer(msg, result, type);
  }

  /** Sends what a handler returned; anything that cannot be sent becomes error 13 to the sender. */
  #answer(msg: Message<Record<string, unknown>>, result: unknown, type: string): void {
    if (result === undefined) return;
    let problem: string;
    if (isBody(result)) {
      try {
        this.reply(msg, result);
        return;
      } catch (e) {
        problem = messageOf(e);
      }
    } else {
      problem = `the handler for ${type} returned ${describeValue(result)}; a handler must return a reply body (an object with a string "type") or nothing`;
    }
    this.log.error(problem);
    this.#fail(msg, RpcError.crash(problem));
  }

  #init(msg: Message<Record<string, unknown>>): void {
    const { node_id, node_ids } = msg.body;
    if (typeof node_id !== "string" || !Array.isArray(node_ids) || !node_ids.every((n) => typeof n === "string")) {
      this.#fail(msg, RpcError.malformedRequest('init needs "node_id" (a string) and "node_ids" (an array of strings)'));
      return;
    }
    if (this.#id !== undefined) this.log.warn(`init received again (was ${this.#id}, now ${node_id})`);
    this.#id = node_id;
    this.#nodeIds = [...(node_ids as string[])];
    // Other messages are held while an async hook runs, and handled once the last has finished.
    runInitHooks([...this.#initHooks], this, {
      wentAsync: () => {
        this.#heldDuringInit ??= [];
      },
      done: () => {
        this.reply(msg, { type: "init_ok" });
        this.#releaseHeld();
      },
      failed: (e) => {
        this.#fail(msg, this.#asRpcError(e, "init"));
        this.#releaseHeld();
      },
    });
  }

  #releaseHeld(): void {
    const held = this.#heldDuringInit;
    this.#heldDuringInit = undefined;
    if (held) for (const m of held) this.#dispatch(m, m.body.type as string);
  }

  #asRpcError(e: unknown, type: string): RpcError {
    if (e instanceof RpcError) return e;
    this.log.error(`handler for ${type} threw: ${stackOf(e)}`);
    return RpcError.crash(messageOf(e));
  }

  /**
   * Answers a request with an error. If that error's body cannot be sent, a
   * plain error 13 saying why goes instead; if not even that can be sent, one log line.
   */
  #fail(msg: Message<Record<string, unknown>>, err: RpcError): void {
    const from = String(msg.src);
    if (msgIdOf(msg) === undefined) {
      this.log.warn(`could not answer a ${typeOf(msg)} from ${from} with error ${err.code} (${err.kind}: ${err.text}): ${this.#msgIdProblem(msg)}`);
      return;
    }
    this.log.debug(`answering a ${typeOf(msg)} from ${from} with error ${err.code} (${err.kind}): ${err.text}`);
    let last = err;
    try {
      this.reply(msg, err.toBody());
      return;
    } catch (e) {
      if (err.code !== ErrorCode.crash || Object.keys(err.extra).length > 0) {
        last = RpcError.crash(messageOf(e));
        try {
          this.reply(msg, last.toBody());
          return;
        } catch (e2) {
          e = e2;
        }
      }
      this.log.error(`could not send error ${last.code} (${last.text}) to ${from} in answer to its ${typeOf(msg)}: ${messageOf(e)}`);
    }
  }

  /** What is wrong with a request's msg_id, for the log (using its digits as sent when JSON.parse had to round it). */
  #msgIdProblem(msg: Message<unknown>): string {
    const body = msg.body as Record<string, unknown> | undefined;
    return msgIdProblem(body?.msg_id, body ? this.#rawMsgIds.get(body) : undefined);
  }

  /** Writes one message; encodes it completely first, so a failure leaves no partial line. */
  #write(dest: string, body: OutgoingBody, msgId: number, inReplyTo: number | undefined, fallbackSrc?: string): void {
    this.#transport.write(this.#encoder.encode(this.#id ?? fallbackSrc ?? "", dest, body, msgId, inReplyTo));
  }
}
