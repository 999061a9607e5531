import { readFile } from "node:fs/promises";
import type { Readable } from "node:stream";
import { checkOptions } from "./check-options.js";
import { compareOutput, parseExpected } from "./compare-output.js";
import { formatComparison } from "./format-comparison.js";
import { createEventFormatter } from "./format-event.js";
import { type InputSource, inputFromStream, inputFromText } from "./input-source.js";
import { type ReplayOptions, withDefaults } from "./options.js";
import { runSession, type SessionResult } from "./session.js";
import { makeStyle } from "./style.js";
import { summarize } from "./summary.js";
import { formatUsageError, UsageError } from "./usage.js";

/** Where replay reads and writes; tests pass their own. */
export interface ReplayIO {
  /** Receives the report, a line (ending in "\n") at a time, as events happen. */
  write(text: string): void;
  /** Receives usage errors (default: write). */
  error?(text: string): void;
  /** Where input comes from when there is no --input file. */
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
export async function replay(options: Partial<ReplayOptions> & { bin: string }, io: ReplayIO): Promise<number> {
  return (await replayWithOutcome(options, io)).exitCode;
}

/** replay(), also returning the problems found and the session's details. */
export async function replayWithOutcome(options: Partial<ReplayOptions> & { bin: string }, io: ReplayIO): Promise<ReplayOutcome> {
  const opts = withDefaults(options);
  const style = makeStyle((io.color ?? false) && !opts.noColor);
  const print = (lines: readonly string[]) => {
    for (const l of lines) io.write(`${l}\n`);
  };
  const usageFailure = (e: UsageError): ReplayOutcome => {
    (io.error ?? io.write)(formatUsageError(e));
    return { exitCode: 2, problems: [e.message] };
  };

  try {
    const o = await checkOptions(opts);
    const expected = o.expect === null ? undefined : parseExpected(await readText("--expect", o.expect));
    let input: InputSource;
    if (o.input !== null) input = inputFromText(await readText("--input", o.input));
    else if (io.stdin) input = inputFromStream(io.stdin);
    else throw new UsageError("no --input given and no stdin to read; give --input FILE");

    const args = o.binArgs.length ? ` ${o.binArgs.join(" ")}` : "";
    const mode = o.burst ? `burst mode, then quiet for ${o.quietMs} ms` : `step mode: quiet ${o.quietMs} ms${o.replyMs ? `, replies up to ${o.replyMs} ms` : ""}`;
    print([style.dim(`replay ${o.shown.bin}${args}  (input ${o.shown.input ?? "stdin"}; cwd ${o.cwd}; ${mode})`)]);
    if (o.input === null && io.stdin?.isTTY) print([style.dim("reading lines from the terminal: type JSON lines, end with Ctrl-D")]);

    const format = createEventFormatter(style);
    const session = await runSession(
      { bin: o.bin, args: o.binArgs, cwd: o.cwd, init: o.init, quietMs: o.quietMs, replyMs: o.replyMs, burst: o.burst, graceMs: o.graceMs, timeoutMs: o.timeoutMs, ...(io.env ? { env: io.env } : {}) },
      input,
      (e) => print(format(e)),
    );

    const comparison = expected ? compareOutput(expected, session.stdout) : undefined;
    if (comparison) print(formatComparison(comparison, o.shown.expect!, style));
    const { lines, problems } = summarize(session, comparison, o.shown.expect, style);
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
