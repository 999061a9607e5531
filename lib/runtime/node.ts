import { ErrorCode } from "../protocol/error-table.js";
import type { Body, Message, OutgoingBody } from "../protocol/message.js";
import { parseLine } from "../protocol/parse-line.js";
import { RpcError } from "../protocol/rpc-error.js";
import { type Backoff, backoffDelay, resolveBackoff } from "./backoff.js";
import { checkInterval, type Clock, type Timer } from "./clock.js";
import { type LogLevel, Logger, logLevelFromEnv } from "./logger.js";
import { PendingRpcs } from "./pending-rpcs.js";
import { RealClock } from "./real-clock.js";
import { StdioTransport } from "./stdio-transport.js";
import type { Transport } from "./transport.js";

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

export interface RpcOptions {
  /** How long to wait for the reply before rejecting with code 0. Default 5000 ms. */
  timeoutMs?: number;
}

export interface RetryOptions {
  /** Timeout of each attempt. Default 1000 ms. */
  attemptTimeoutMs?: number;
  /** Give up once this much time has passed since the first attempt. Default 10000 ms. */
  deadlineMs?: number;
  backoff?: Backoff;
  /** Which failures are worth another attempt. Default: timeouts (0) and temporarily-unavailable (11). */
  retryable?: (err: RpcError) => boolean;
}

type Entry = { schema: BodySchema<unknown> | undefined; handler: Handler<unknown> };
type InitHook = (node: Node) => void | Promise<void>;

const DEFAULT_RPC_TIMEOUT_MS = 5000;
const defaultRetryable = (e: RpcError) => e.code === ErrorCode.timeout || e.code === ErrorCode.temporarilyUnavailable;

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
  readonly #initHooks: InitHook[] = [];
  readonly #pending: PendingRpcs;
  readonly #timers = new Set<Timer>();
  /** Messages that arrived while an async init hook was running; handled once it finishes. */
  #heldDuringInit: Message<Record<string, unknown>>[] | undefined;
  #prefixSrc = "";
  readonly #prefixes = new Map<string, string>();
  #started = false;
  /** Why the node stopped ("stdin closed", ...); undefined while it runs. */
  #stoppedBecause: string | undefined;
  /** Waits (retry backoff sleeps) to end at once when the node stops. */
  readonly #onStop = new Set<(reason: string) => void>();
  /** The digits of msg_ids that JSON.parse had to round, by message body, for precise log lines. */
  readonly #rawMsgIds = new WeakMap<object, string>();
  /**
   * The request as received, by the message a schema'd handler was given: the
   * schema's output may have lost msg_id (z.object strips unknown keys), and
   * `reply(m, …)` must answer the original.
   */
  readonly #requests = new WeakMap<Message<unknown>, Message<Record<string, unknown>>>();

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
  onInit(hook: InitHook): this {
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
    const original = this.#requests.get(request) ?? request;
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
    const what = `${String(body?.type)} to ${dest}`;
    const timeoutMs = opts.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS;
    checkInterval(timeoutMs, `rpc ${what}: timeoutMs`);
    const msgId = this.#nextMsgId++;
    const failWith = (err: RpcError) => {
      try {
        callback(err);
      } catch (e) {
        this.log.error(`the callback of rpc ${what} (msg_id ${msgId}) threw on ${err.kind} (the node keeps running): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
    };
    if (this.#stoppedBecause !== undefined) {
      const err = RpcError.abort(`node stopped (${this.#stoppedBecause}): ${what} was not sent`);
      this.log.info(err.text);
      queueMicrotask(() => failWith(err));
      return msgId;
    }
    this.#pending.add(
      msgId,
      timeoutMs,
      (reply) => {
        const b = reply.body;
        if (b.type === "error") callback(RpcError.fromBody(b));
        else callback(null, b);
      },
      () => failWith(RpcError.timeout(`no reply from ${dest} to ${String(body.type)} (msg_id ${msgId}) within ${timeoutMs} ms`)),
      (reason) =>
        failWith(RpcError.timeout(`node stopped (${reason}) while waiting for a reply from ${dest} to ${String(body.type)} (msg_id ${msgId}); the request may or may not have been processed`)),
    );
    try {
      this.#write(dest, body, msgId, undefined);
    } catch (e) {
      this.#pending.withdraw(msgId);
      throw new Error(`could not send ${what}: ${e instanceof Error ? e.message : String(e)}; the rpc was not started, nothing is waiting for a reply`, { cause: e });
    }
    return msgId;
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
  async rpcWithRetry(dest: string, body: OutgoingBody, opts: RetryOptions = {}): Promise<Body> {
    const what = `rpcWithRetry(${String(body?.type)} to ${dest})`;
    const attemptTimeoutMs = opts.attemptTimeoutMs ?? 1000;
    const deadlineMs = opts.deadlineMs ?? 10_000;
    checkInterval(attemptTimeoutMs, `${what}: attemptTimeoutMs`);
    if (typeof deadlineMs !== "number" || !(deadlineMs >= 0)) {
      throw new RangeError(`${what}: deadlineMs must be a number of milliseconds >= 0 (Infinity for no deadline); got ${typeof deadlineMs === "number" ? deadlineMs : `a ${typeof deadlineMs}`}`);
    }
    let backoff: Required<Backoff>;
    try {
      backoff = resolveBackoff(opts.backoff);
    } catch (e) {
      throw new RangeError(`${what}: ${(e as Error).message}`);
    }
    const retryable = opts.retryable ?? defaultRetryable;
    if (typeof retryable !== "function") throw new TypeError(`${what}: retryable must be a function (err: RpcError) => boolean; got a ${typeof retryable}`);
    const start = this.clock.now();
    /** The latest failure whose outcome is unknown: once there is one, the whole call's outcome is unknown. */
    let indefinite: RpcError | undefined;
    for (let attempt = 0; ; attempt++) {
      const left = deadlineMs - (this.clock.now() - start);
      try {
        return await this.rpc(dest, body, { timeoutMs: Math.max(0, Math.min(attemptTimeoutMs, left)) });
      } catch (e) {
        if (!(e instanceof RpcError) || !retryable(e)) throw e;
        if (this.#stoppedBecause !== undefined) throw e; // its text says the node stopped
        if (!e.definite) indefinite = e;
        const code = e.definite && indefinite ? indefinite.code : e.code;
        const delay = backoffDelay(attempt, backoff, this.random());
        const elapsed = this.clock.now() - start;
        if (elapsed + delay >= deadlineMs) {
          throw new RpcError(code, `gave up on ${String(body.type)} to ${dest} after ${attempt + 1} attempt(s) in ${Math.round(elapsed)} ms; last: ${e.text}`, e.extra);
        }
        const stopped = await this.#sleep(delay);
        if (stopped !== undefined) {
          throw new RpcError(code, `node stopped (${stopped}) while waiting to retry ${String(body.type)} to ${dest}, after ${attempt + 1} attempt(s); last: ${e.text}`, e.extra);
        }
      }
    }
  }

  /**
   * Calls `fn` every `ms` (finite, > 0; any length) on the node's clock. A
   * throwing callback is logged, not fatal. After `stop()`, schedules nothing and logs why.
   */
  every(ms: number, fn: () => void | Promise<void>): Timer {
    checkInterval(ms, "every: the interval", { positive: true });
    if (this.#stoppedBecause !== undefined) return this.#notScheduled(`every(${ms})`);
    const t = this.clock.every(ms, () => this.#guard("every", fn));
    return this.#track(t);
  }

  /** Calls `fn` once after `ms` (finite, >= 0; any length) on the node's clock. After `stop()`, schedules nothing and logs why. */
  after(ms: number, fn: () => void | Promise<void>): Timer {
    checkInterval(ms, "after: the delay");
    if (this.#stoppedBecause !== undefined) return this.#notScheduled(`after(${ms})`);
    return this.#trackedAfter(ms, () => this.#guard("after", fn));
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
      this.log.error(`unhandled promise rejection (the node keeps running): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
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
    for (const t of this.#timers) t.cancel();
    this.#timers.clear();
    const waits = [...this.#onStop];
    this.#onStop.clear();
    for (const w of waits) w(reason);
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
    const id = parsed.message.body.msg_id;
    if (typeof id === "number" && !isEchoableMsgId(id)) {
      // JSON.parse has already rounded an id beyond 2^53: keep its digits, as sent, for the log.
      const raw = rawNumberText(line, "msg_id", id);
      if (raw !== undefined) this.#rawMsgIds.set(parsed.message.body, raw);
    }
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
          input = { id: msg.id, src: msg.src, dest: msg.dest, body: r.data };
          this.#requests.set(input, msg);
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
    const done = () => {
      this.reply(msg, { type: "init_ok" });
      this.#releaseHeld();
    };
    const failed = (e: unknown) => {
      this.#fail(msg, this.#asRpcError(e, "init"));
      this.#releaseHeld();
    };
    // Hooks run synchronously until one returns a promise; from then on, in order, awaited,
    // with other messages held until the last has finished.
    const hooks = [...this.#initHooks];
    const runFrom = (i: number): void => {
      for (; i < hooks.length; i++) {
        let r: void | Promise<void>;
        try {
          r = hooks[i]!(this);
        } catch (e) {
          return failed(e);
        }
        if (isThenable(r)) {
          this.#heldDuringInit ??= [];
          const next = i + 1;
          r.then(() => runFrom(next), failed);
          return;
        }
      }
      done();
    };
    runFrom(0);
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

  /**
   * Serialises one outgoing message as `{"src","dest","body":{...body,"msg_id","in_reply_to"}}`.
   * The ids are appended to the serialised body as text, which spares an
   * object copy per message; a body that already has either key is copied.
   */
  #write(dest: string, body: OutgoingBody, msgId: number, inReplyTo: number | undefined, fallbackSrc?: string): void {
    const what = inReplyTo === undefined ? "message" : "reply";
    if (!isBody(body)) throw new TypeError(`cannot send ${describeValue(body)} as a ${what} to ${String(dest)}: a body must be an object with a string "type"`);
    // Serialise completely before handing anything to the transport, so a failure leaves no partial line.
    let line: string;
    try {
      line = this.#serialise(dest, body, msgId, inReplyTo, fallbackSrc);
    } catch (e) {
      const label = body.type === "error" && typeof body.code === "number" ? `error ${what} (code ${body.code})` : `${body.type} ${what}`;
      throw new Error(`could not serialise the ${label} to ${String(dest)}: ${serialiseFailure(e)}`, { cause: e });
    }
    this.#transport.write(line);
  }

  #serialise(dest: string, body: OutgoingBody, msgId: number, inReplyTo: number | undefined, fallbackSrc?: string): string {
    const src = this.#id ?? fallbackSrc ?? "";
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

  #track(t: Timer): Timer {
    this.#timers.add(t);
    return {
      cancel: () => {
        t.cancel();
        this.#timers.delete(t);
      },
    };
  }

  /** Waits `ms` on the clock; resolves undefined then, or at once with the reason if the node stops first. */
  #sleep(ms: number): Promise<string | undefined> {
    return new Promise((resolve) => {
      const onStop = (reason: string) => resolve(reason);
      this.#onStop.add(onStop);
      this.#trackedAfter(ms, () => {
        this.#onStop.delete(onStop);
        resolve(undefined);
      });
    });
  }

  #notScheduled(what: string): Timer {
    this.log.info(`not scheduling ${what}: the node stopped (${this.#stoppedBecause})`);
    return { cancel: () => {} };
  }

  #trackedAfter(ms: number, fn: () => void): Timer {
    const t: Timer = this.clock.after(ms, () => {
      this.#timers.delete(t);
      fn();
    });
    return this.#track(t);
  }

  #guard(what: string, fn: () => void | Promise<void>): void {
    const onError = (e: unknown) => this.log.error(`${what} callback threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    try {
      const r = fn();
      if (isThenable(r)) r.then(undefined, onError);
    } catch (e) {
      onError(e);
    }
  }
}

/** The request's msg_id, if it can be echoed exactly as in_reply_to. */
function msgIdOf(msg: Message<unknown>): number | undefined {
  const b = msg.body as Record<string, unknown> | undefined;
  const id = b?.msg_id;
  return typeof id === "number" && isEchoableMsgId(id) ? id : undefined;
}

/** A non-negative integer that a double holds exactly, so the in_reply_to we write is the id that was sent. */
function isEchoableMsgId(id: number): boolean {
  return Number.isSafeInteger(id) && id >= 0;
}

function msgIdProblem(id: unknown, raw: string | undefined): string {
  if (id === undefined) return "it carries no msg_id";
  if (typeof id === "string") return `msg_id ${clip(id, 40)} is a string, not a number`;
  if (typeof id !== "number") return `msg_id is ${describeValue(id)}, not a number`;
  const shown = raw ?? String(id);
  if (!Number.isFinite(id) || (Number.isInteger(id) && !Number.isSafeInteger(id))) {
    return `msg_id ${shown} is beyond 2^53 and cannot be echoed exactly (JSON numbers are read as doubles), so no reply is sent`;
  }
  if (!Number.isInteger(id)) return `msg_id ${shown} is not an integer`;
  if (id < 0) return `msg_id ${shown} is negative`;
  return `msg_id ${shown} is fine`;
}

/**
 * The text of a number as it stands in a JSON line, for a `"key": number`
 * whose parsed value is `value`; undefined if it cannot be found.
 */
function rawNumberText(line: string, key: string, value: number): string | undefined {
  const re = new RegExp(`"${key}"\\s*:\\s*(-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)`, "g");
  for (const m of line.matchAll(re)) if (Number(m[1]) === value) return m[1];
  return undefined;
}

function isBody(v: unknown): v is OutgoingBody {
  return typeof v === "object" && v !== null && !Array.isArray(v) && typeof (v as { type?: unknown }).type === "string";
}

function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return typeof (v as { type?: unknown }).type === "string" ? "an object" : 'an object without a string "type"';
  if (typeof v === "string") return `a string (${clip(v, 40)})`;
  return `${/^[aeiou]/.test(typeof v) ? "an" : "a"} ${typeof v}`;
}

/** Why JSON.stringify failed, in words. */
function serialiseFailure(e: unknown): string {
  if (e instanceof RangeError && /call stack/i.test(e.message)) return `it is nested too deeply to serialise (${e.message})`;
  return messageOf(e);
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : safeString(e);
}

function stackOf(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : safeString(e);
}

function safeString(v: unknown): string {
  try {
    return String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}

/** JSON for a log line; a description if the value cannot be serialised (too deep, a cycle, a BigInt). */
function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? "undefined";
  } catch (e) {
    return `(cannot be shown: ${serialiseFailure(e)})`;
  }
}

function typeOf(msg: Message<unknown>): string {
  const t = (msg.body as Record<string, unknown> | undefined)?.type;
  return typeof t === "string" ? `"${t}"` : "message without a type";
}

function isThenable<T>(v: unknown): v is PromiseLike<T> {
  return typeof v === "object" && v !== null && typeof (v as { then?: unknown }).then === "function";
}

function formatIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  return issues.map((i) => (i.path.length ? `${i.path.map(String).join(".")}: ${i.message}` : i.message)).join("; ");
}

function clip(s: string, max = 200): string {
  return s.length <= max ? JSON.stringify(s) : `${JSON.stringify(s.slice(0, max))}… (${s.length} characters)`;
}
