import { type ParsedLine, parseLine } from "../../lib/protocol/parse-line.js";
import { bundleNode, type NodeBundle, TYPESCRIPT_FILE } from "../../maelstrom-workloads/run/bundle-node.js";
import { spawnNode } from "../../maelstrom-workloads/harness/spawn-node.js";
import { classifyInputLine, type SendLine } from "./input-line.js";
import type { InputSource } from "./input-source.js";
import type { ReplyOrigin } from "./recorded-requests.js";
import type { HeldReply, ReplyRemapper } from "./reply-remapper.js";
import { Signal } from "./signal.js";
import { splitLines } from "./split-lines.js";
import { UsageError } from "./usage.js";

export interface SessionConfig {
  bin: string;
  args: readonly string[];
  cwd: string;
  init: readonly string[] | null;
  quietMs: number;
  replyMs: number;
  burst: boolean;
  graceMs: number;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  /**
   * Paced mode (replay --run): send input line i+1 `atMs[i]` ms after the
   * first, without step mode's waits, so a node's timers see about the gaps
   * they saw in the run; close stdin `quietMs` after `endMs` (or after the last
   * line, if later). The wait for the schedule does not count against `timeoutMs`.
   */
  schedule?: { atMs: readonly number[]; endMs: number };
  /**
   * Step mode with --run: for input line i (1-based), `replyBeforeNext[i - 1]` says whether the
   * recorded node answered it before its next input; where false, step mode does not wait
   * --reply-ms for the reply (it needs input that would only be sent after the wait).
   */
  replyBeforeNext?: readonly boolean[];
  /** Rewrites recorded replies to answer the replayed node's own requests (replay --run). */
  remap?: ReplyRemapper;
}

/** How the node's process ended. */
export type ProcessEnd =
  /** It exited (or died of a signal) by itself; `stdinClosed` says whether replay had closed its stdin by then. */
  | { how: "exited"; code: number | null; signal: NodeJS.Signals | null; stdinClosed: boolean }
  /** It was still running `graceMs` after its stdin was closed, and was killed. */
  | { how: "killed-after-grace"; graceMs: number }
  /** The whole run took longer than `timeoutMs`; the node was killed (if it was still running). */
  | { how: "timed-out"; timeoutMs: number; during: string };

export type SessionEvent =
  /** A comment or blank input line (not sent; shown to keep the input's structure). */
  | { kind: "comment"; lineNo: number; text: string }
  | { kind: "blank"; lineNo: number }
  | { kind: "sent"; line: SendLine }
  /** `answersEarlier`: in step mode, a reply to a line sent before the latest one. */
  | { kind: "stdout"; text: string; parsed: ParsedLine; node: string; answersEarlier?: SendLine }
  | { kind: "stderr"; text: string; node: string }
  /** A recorded reply held back: the node has sent only `sentSoFar` requests of the kind it answers. */
  | { kind: "held"; line: SendLine; origin: ReplyOrigin; sentSoFar: number; node: string }
  | { kind: "stdin-closed"; graceMs: number; node: string }
  | { kind: "ended"; end: ProcessEnd; node: string; inputDone: boolean; unsent: number | null; stderrTail: string[] };

export interface SessionResult {
  /** The node's id as far as replay knows it (from --init or an init line), else "node". */
  node: string;
  sent: SendLine[];
  /** Every line the node wrote on stdout, as written. */
  stdout: string[];
  /** How many stdout lines were valid messages, and how many of those were error replies. */
  messages: number;
  errorReplies: number;
  /** How many stdout lines were not messages. */
  invalidStdout: number;
  stderr: string[];
  end: ProcessEnd;
  /** True if every input line was read (and sent, unless the node ended first). */
  inputDone: boolean;
  /** Lines that were not sent because the node ended first (null: unknown, for a stream). */
  unsent: number | null;
  /**
   * With `remap`: how many replies were rewritten (`waited`: after being held); those never sent
   * because the node did not send their request (`unmatched`), and those never sent because it
   * sent the request only after replay had stopped sending (`late`: stdin closed, or time up).
   */
  replies?: { remapped: number; waited: number; unmatched: readonly HeldReply[]; late: readonly HeldReply[] };
}

/** How many of the node's last stderr lines are repeated when it ends badly. */
const STDERR_TAIL = 8;
/** How long to wait for the node's pipes to close once it has exited. */
const CLOSE_WAIT_MS = 1000;

/**
 * Runs one node process and feeds it the input, reporting every event as it
 * happens. Never waits longer than `timeoutMs` in all (plus a moment to reap
 * a killed process). Throws UsageError if the binary cannot be started.
 */
export async function runSession(cfg: SessionConfig, input: InputSource, emit: (e: SessionEvent) => void): Promise<SessionResult> {
  // In our process group: replay is interactive, and the terminal's Ctrl-C reaches the node too.
  // A .ts file is bundled and started with node, as the harness runs it (beyond Maelstrom, which
  // starts the file itself); one that cannot be bundled is named with its errors.
  let bundle: NodeBundle | undefined;
  if (TYPESCRIPT_FILE.test(cfg.bin)) {
    try {
      bundle = await bundleNode(cfg.bin);
    } catch (e) {
      throw new UsageError(`could not start --bin: ${(e as Error).message}`);
    }
  }
  const [file, args] = bundle ? [process.execPath, ["--enable-source-maps", bundle.file, ...cfg.args]] : [cfg.bin, cfg.args];
  const { child, killGroup } = spawnNode(file, args, { cwd: cfg.cwd, env: cfg.env ?? process.env, ownGroup: false });
  if (bundle) {
    const b = bundle;
    child.once("close", () => b.removeSync());
    child.once("error", () => b.removeSync());
  }
  try {
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", reject);
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const hint = err.code === "ENOENT" ? " (if it is a script, check that the interpreter on its #! line exists)" : "";
    throw new UsageError(`could not start --bin ${cfg.bin}: ${err.code ?? err.message}${hint}`);
  }
  child.on("error", () => {
    // After a successful start this only reports a failed kill; the exit status tells the story.
  });

  const signal = new Signal();
  const now = () => performance.now();
  let lastActivity = now();
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let closed = false;
  let timedOut = false;
  let stdinClosed = false;
  let finished = false;
  let phase = "starting the node";
  let learnedId: string | undefined;
  const nodeId = () => cfg.init?.[0] ?? learnedId ?? "n1";
  const label = () => cfg.init?.[0] ?? learnedId ?? "node";

  const sent: SendLine[] = [];
  const stdout: string[] = [];
  const stderr: string[] = [];
  let messages = 0;
  let errorReplies = 0;
  let invalidStdout = 0;
  /** Requests sent, by "src msg_id", to pair replies with them. */
  const requests = new Map<string, SendLine>();
  const repliesSeen = new Set<string>();
  let lastSent: SendLine | undefined;

  child.on("exit", (code, sig) => {
    exit = { code, signal: sig };
    signal.notify();
  });
  child.on("close", () => {
    closed = true;
    signal.notify();
  });

  const activity = () => {
    lastActivity = now();
    signal.notify();
  };
  const outSplitter = splitLines(
    child.stdout,
    (text) => {
      stdout.push(text);
      const parsed = parseLine(text);
      let answersEarlier: SendLine | undefined;
      if (parsed.ok) {
        messages++;
        cfg.remap?.observe(parsed.message);
        const body = parsed.message.body;
        if (body.type === "error") errorReplies++;
        if (typeof body.in_reply_to === "number") {
          const key = `${parsed.message.dest} ${body.in_reply_to}`;
          repliesSeen.add(key);
          const req = requests.get(key);
          if (!cfg.burst && !cfg.schedule && req !== undefined && lastSent !== undefined && req !== lastSent) answersEarlier = req;
        }
      } else {
        invalidStdout++;
      }
      emit({ kind: "stdout", text, parsed, node: label(), ...(answersEarlier ? { answersEarlier } : {}) });
      // A request the node just sent may be the one a held reply waits for.
      if (cfg.remap && !stdinClosed && !stopped()) for (const line of cfg.remap.release()) send(line);
    },
    activity,
  );
  const errSplitter = splitLines(
    child.stderr,
    (raw) => {
      const text = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
      stderr.push(text);
      emit({ kind: "stderr", text, node: label() });
    },
    activity,
  );

  let phaseAtTimeout = "";
  const timer = setTimeout(() => {
    timedOut = true;
    phaseAtTimeout = phase;
    signal.notify();
  }, cfg.timeoutMs + (cfg.schedule?.endMs ?? 0));

  const stopped = () => exit !== undefined || timedOut;
  const STOP: unique symbol = Symbol("stop");
  const stopPromise: Promise<typeof STOP> = signal.until(() => stopped() || finished).then(() => STOP);

  const send = (line: SendLine) => {
    const msg = line.message;
    if (msg && typeof msg.body.msg_id === "number") {
      const key = `${msg.src} ${msg.body.msg_id}`;
      requests.set(key, line);
      repliesSeen.delete(key);
    }
    if (msg && learnedId === undefined && msg.body.type === "init" && typeof msg.body.node_id === "string") learnedId = msg.body.node_id;
    sent.push(line);
    lastSent = line;
    emit({ kind: "sent", line });
    child.stdin.write(line.text + "\n");
    lastActivity = now();
  };

  const waitQuiet = async () => {
    while (!stopped()) {
      const left = cfg.quietMs - (now() - lastActivity);
      if (left <= 0) return;
      await signal.wait(left);
    }
  };

  const where = (line: SendLine) => (line.lineNo === null ? "the --init message" : `line ${line.lineNo}`);

  const step = async (line: SendLine) => {
    const msg = line.message;
    // A reply (it has in_reply_to) gets no reply of its own, even if it carries a msg_id.
    const replyNeedsMoreInput = line.lineNo !== null && cfg.replyBeforeNext?.[line.lineNo - 1] === false;
    if (cfg.replyMs > 0 && !replyNeedsMoreInput && msg && typeof msg.body.msg_id === "number" && msg.body.in_reply_to === undefined) {
      const key = `${msg.src} ${msg.body.msg_id}`;
      phase = `waiting for the reply to ${where(line)}`;
      await signal.until(() => repliesSeen.has(key) || stopped(), cfg.replyMs);
    }
    phase = `waiting for the node to go quiet after ${where(line)}`;
    await waitQuiet();
  };

  let inputDone = false;
  try {
    if (cfg.init) {
      const [first, ...rest] = cfg.init;
      const message = { src: "c0", dest: first!, body: { type: "init", node_id: first!, node_ids: [first!, ...rest], msg_id: 1 } };
      const line: SendLine = { lineNo: null, text: JSON.stringify(message), kind: "message", message, wrapped: false };
      send(line);
      if (!cfg.burst) await step(line);
    }
    let lineNo = 0;
    const startedAt = now();
    while (!stopped()) {
      const at = cfg.schedule?.atMs[lineNo];
      if (at !== undefined) {
        phase = `waiting to send input line ${lineNo + 1} at its recorded time`;
        await signal.until(stopped, startedAt + at - now());
        if (stopped()) break;
      }
      phase = `waiting for input line ${lineNo + 1}`;
      const raw = await Promise.race([input.next(), stopPromise]);
      if (raw === STOP) break;
      if (raw === null) {
        inputDone = true;
        break;
      }
      lineNo++;
      const item = classifyInputLine(raw, lineNo, nodeId());
      if (item.kind === "blank" || item.kind === "comment") {
        emit(item);
        continue;
      }
      let line = item.line;
      if (cfg.remap) {
        const prepared = cfg.remap.prepare(line);
        if ("held" in prepared) {
          emit({ kind: "held", line, origin: prepared.held.origin, sentSoFar: prepared.sentSoFar, node: label() });
          continue;
        }
        line = prepared.send;
      }
      send(line);
      if (!cfg.burst && !cfg.schedule) await step(line);
    }
    if (inputDone && cfg.schedule) {
      // As long as the recorded run went on, then --quiet-ms for the answer to the last line.
      phase = "waiting for the end of the recorded run";
      await signal.until(stopped, startedAt + cfg.schedule.endMs - now());
      phase = `waiting --quiet-ms after the end of the recorded run`;
      await signal.until(stopped, cfg.quietMs);
    } else if (inputDone && cfg.burst) {
      phase = "waiting for the node to go quiet after the last line";
      await waitQuiet();
    }
    if (cfg.remap && cfg.remap.held.length > 0 && !stopped()) {
      // Replies are still held for requests the node has not sent yet: it may just be slow (to
      // start, or behind on its input). Closing its stdin now would leave them unsent, so wait
      // (bounded by --timeout-ms) until it has written something, then until it goes quiet; each
      // request it sends meanwhile releases its reply (see the stdout handler).
      phase = "waiting for the node's requests that held replies answer";
      await signal.until(() => stopped() || stdout.length > 0);
      await waitQuiet();
    }
    let killedAfterGrace = false;
    if (!stopped()) {
      stdinClosed = true;
      child.stdin.end();
      emit({ kind: "stdin-closed", graceMs: cfg.graceMs, node: label() });
      phase = "waiting for the node to exit after its stdin was closed";
      await signal.until(stopped, cfg.graceMs);
      if (!stopped()) {
        killedAfterGrace = true;
        killGroup();
      }
    }
    const timedOutWhileRunning = timedOut && exit === undefined;
    if (timedOutWhileRunning) killGroup();
    // Reap the process, then let its last output drain before reporting the end.
    await signal.until(() => exit !== undefined, 5000);
    await signal.until(() => closed, CLOSE_WAIT_MS);
    if (!closed) {
      // Something else (a child of the node?) still holds its pipes open; stop reading them.
      child.stdout.destroy();
      child.stderr.destroy();
      outSplitter.flush();
      errSplitter.flush();
    }

    const end: ProcessEnd = timedOutWhileRunning
      ? { how: "timed-out", timeoutMs: cfg.timeoutMs, during: phaseAtTimeout }
      : killedAfterGrace
        ? { how: "killed-after-grace", graceMs: cfg.graceMs }
        : { how: "exited", code: exit?.code ?? null, signal: exit?.signal ?? null, stdinClosed };
    const unsent = inputDone ? 0 : input.remaining();
    emit({ kind: "ended", end, node: label(), inputDone, unsent, stderrTail: stderr.slice(-STDERR_TAIL) });
    const split = cfg.remap?.unmatched();
    const replies = cfg.remap && split ? { remapped: cfg.remap.remapped, waited: cfg.remap.waited, unmatched: split.neverSent, late: split.late } : undefined;
    return { node: label(), sent, stdout, messages, errorReplies, invalidStdout, stderr, end, inputDone, unsent, ...(replies ? { replies } : {}) };
  } finally {
    clearTimeout(timer);
    finished = true;
    signal.notify();
    input.close();
    if (exit === undefined) killGroup();
  }
}
