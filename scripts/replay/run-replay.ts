import { readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Readable } from "node:stream";
import { RUN_FILES } from "../../maelstrom-workloads/model/store-format.js";
import { checkOptions } from "./check-options.js";
import { compareOutput, parseExpected } from "./compare-output.js";
import { formatComparison } from "./format-comparison.js";
import { createEventFormatter } from "./format-event.js";
import { type InputSource, inputFromStream, inputFromText } from "./input-source.js";
import { checkRunCombination, type ReplayOptions, withDefaults } from "./options.js";
import { ReplyRemapper } from "./reply-remapper.js";
import { runSession, type SessionConfig, type SessionResult } from "./session.js";
import { shellCommand, shellQuote } from "./shell-quote.js";
import { loadStoredRun, type StoredRun } from "./stored-run.js";
import { makeStyle } from "./style.js";
import { summarize } from "./summary.js";
import { formatUsageError, UsageError } from "./usage.js";

/** Where replay reads and writes; tests pass their own. */
export interface ReplayIO {
  /** Receives the report, a line (ending in "\n") at a time, as events happen. */
  write(text: string): void;
  /** Receives usage errors (default: write). */
  error?(text: string): void;
  /** Where input comes from when there is no --input file (nor --run). */
  stdin?: Readable & { isTTY?: boolean };
  /** Colour the report (the caller decides: terminal, NO_COLOR, --no-color). Default false. */
  color?: boolean;
  /** The node's environment. Default: process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface ReplayOutcome {
  /** 0 all well; 1 the node misbehaved or its output differs from --expect; 2 bad usage. */
  exitCode: number;
  /** What went wrong, in short (empty when all went well). */
  problems: string[];
  /** The session, if the node was started. */
  session?: SessionResult;
}

/**
 * Replays input lines into a node binary and writes a readable report of
 * everything that happens. Resolves with the exit code (see ReplayOutcome);
 * never rejects for problems with the node or the options.
 */
export async function replay(options: ReplayCall, io: ReplayIO): Promise<number> {
  return (await replayWithOutcome(options, io)).exitCode;
}

/** Options for a library call: `bin` is required, unless `run` gives it. */
export type ReplayCall = Partial<ReplayOptions> & ({ bin: string } | { run: string });

/** replay(), also returning the problems found and the session's details. */
export async function replayWithOutcome(options: ReplayCall, io: ReplayIO): Promise<ReplayOutcome> {
  let opts = withDefaults(options);
  const style = makeStyle((io.color ?? false) && !opts.noColor);
  const print = (lines: readonly string[]) => {
    for (const l of lines) io.write(`${l}\n`);
  };
  const usageFailure = (e: UsageError): ReplayOutcome => {
    (io.error ?? io.write)(formatUsageError(e));
    return { exitCode: 2, problems: [e.message] };
  };

  try {
    checkRunCombination(opts);
    let stored: StoredRun | undefined;
    if (opts.run !== undefined) {
      stored = await loadStoredRun(opts.run, opts.node, opts.baseDir ?? process.cwd());
      if (opts.bin === "") {
        if (stored.bin === null) throw new UsageError(`${opts.run}/test.json does not say which binary the run used; give --bin`);
        if (!(await exists(resolve(opts.baseDir ?? process.cwd(), stored.bin)))) throw new UsageError(`${opts.run}/test.json says the run used ${shellQuote(stored.bin)}, which is not there any more; give --bin`);
        // The run's own binary, and its arguments unless others were given after --.
        const binArgs = opts.binArgs.length > 0 ? opts.binArgs : [...stored.binArgs];
        // A stored run may come from someone else: run what it names only when told to.
        if (!opts.trustRun) throw new UsageError(untrustedRun(join(stored.dir, RUN_FILES.test), stored.bin, binArgs));
        opts = { ...opts, bin: stored.bin, binArgs };
      }
    }
    const o = await checkOptions(opts);
    const expected = o.expect === null ? undefined : parseExpected(await readText("--expect", o.expect));
    let input: InputSource;
    if (stored) input = inputFromText(stored.lines.join("\n"));
    else if (o.input !== null) input = inputFromText(await readText("--input", o.input));
    else if (io.stdin) input = inputFromStream(io.stdin);
    else throw new UsageError("no --input given and no stdin to read; give --input FILE");

    const args = o.binArgs.length ? ` ${o.binArgs.join(" ")}` : "";
    const paced = stored !== undefined && o.pace > 0;
    const mode = paced
      ? `paced: each message at ${o.pace === 1 ? "its recorded time" : `${o.pace} × its recorded time`}, then quiet ${o.quietMs} ms after the run's end`
      : o.burst
        ? `burst mode, then quiet for ${o.quietMs} ms` : `step mode: quiet ${o.quietMs} ms${o.replyMs ? `, replies up to ${o.replyMs} ms` : ""}`;
    const from = stored
      ? `${stored.lines.length} message${stored.lines.length === 1 ? "" : "s"} delivered to ${stored.node} in ${stored.shownDir}${stored.dir === resolve(opts.baseDir ?? process.cwd(), stored.shownDir) ? "" : ` (${stored.dir})`}`
      : (o.shown.input ?? "stdin");
    print([style.dim(`replay ${o.shown.bin}${args}  (input ${from}; cwd ${o.cwd}; ${mode})`)]);
    for (const note of stored?.notes ?? []) print([style.yellow(note)]);
    if (!stored && o.input === null && io.stdin?.isTTY) print([style.dim("reading lines from the terminal: type JSON lines, end with Ctrl-D")]);

    const format = createEventFormatter(style);
    const cfg: SessionConfig = { bin: o.bin, args: o.binArgs, cwd: o.cwd, init: o.init, quietMs: o.quietMs, replyMs: o.replyMs, burst: o.burst, graceMs: o.graceMs, timeoutMs: o.timeoutMs, ...(io.env ? { env: io.env } : {}) };
    if (stored) {
      // Replies to the node's own requests answer the recorded msg_ids; rewrite them to the replayed node's.
      const origins = stored.origins;
      cfg.remap = new ReplyRemapper(stored.node, (lineNo) => origins[lineNo - 1]);
      cfg.replyBeforeNext = stored.replyBeforeNext;
      if (paced) cfg.schedule = { atMs: stored.atMs.map((t) => t * o.pace), endMs: stored.endMs * o.pace };
    }
    const session = await runSession(cfg, input, (e) => print(format(e)));

    const comparison = expected ? compareOutput(expected, session.stdout) : undefined;
    if (comparison) print(formatComparison(comparison, o.shown.expect!, style));
    const notes = stored ? limitsOfReplay(stored) : [];
    const { lines, problems } = summarize(session, comparison, o.shown.expect, style, notes);
    print(lines);
    return { exitCode: problems.length ? 1 : 0, problems, session };
  } catch (e) {
    if (e instanceof UsageError) return usageFailure(e);
    throw e;
  }
}

async function readText(option: string, path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (e) {
    throw new UsageError(`${option} ${path} could not be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); check the file`);
  }
}

/** The refusal to start the binary a stored run names, showing the command and the two ways on. */
function untrustedRun(testJson: string, bin: string, args: readonly string[]): string {
  const asBin = `--bin ${shellQuote(bin)}${args.length ? ` -- ${shellCommand(args)}` : ""}`;
  return `this run's test.json (${testJson}) says to run: ${shellCommand([bin, ...args])}. Pass ${asBin} to run it, or --trust-run to run what the store says`;
}

/**
 * What replay cannot do for this run, said once: for a node that sent requests
 * of its own (RPCs to services, gossip to other nodes), that they are not
 * compared one by one; for a node that was killed and started again, that
 * replay keeps one process. Nothing for a node that only answered.
 */
function limitsOfReplay(stored: StoredRun): string[] {
  const n = stored.node;
  const notes: string[] = [];
  if (stored.requestsSent.size > 0) {
    const counts = [...stored.requestsSent].map(([type, n]) => `${n} ${type}`).join(", ");
    notes.push(
      `${n} sent requests of its own in the run (${counts}). Replay does not compare the`,
      `requests ${n} sends (whether its input or its timers trigger them) with the recorded`,
      `ones one by one: their timing differs. Output that depends on randomness, or on other`,
      `nodes' state (replay runs ${n} alone and feeds it what they sent in the run), can differ.`,
    );
  }
  const restarts = stored.initLines.slice(1);
  if (restarts.length > 0) {
    notes.push(
      `${n} was restarted ${restarts.length} time${restarts.length === 1 ? "" : "s"} in the run (a new init at line${restarts.length === 1 ? "" : "s"} ${restarts.join(", ")}); replay keeps`,
      `one process and sends it each init, so ${n} keeps its state, and what it answers after`,
      `line ${restarts[0]} can differ from the run's.`,
    );
  }
  return notes;
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}
