// `test` as both hosts' command lines run it (`npm run maelstrom -- test`, `npm run sim -- test`):
// parse the options from the one table, refuse what cannot run (exit 254), run --test-count times
// (stopping at the first run that is not valid, as Jepsen does), and turn SIGINT, SIGTERM and
// SIGHUP into an orderly interrupt. Only how a run is hosted differs, and that is `prepare`'s answer.
import { constants } from "node:os";
import { checkStoreDir } from "../../maelstrom-workloads/harness/check-store-dir.js";
import { runConfigFrom } from "../../maelstrom-workloads/run/run-config.js";
import type { RunConfig } from "../../maelstrom-workloads/run/run-config.js";
import { parseTestArgs, type TestOptions, workloadRunError } from "../../maelstrom-workloads/options/index.js";
import { commandName } from "../../maelstrom-workloads/options/command-name.js";
import { guardTerminal, terminal } from "./terminal.js";

export interface HostedRun {
  (cfg: RunConfig, say: (line: string) => void, hooks: { interrupt: AbortSignal }): Promise<{ exitCode: number }>;
}

export interface TestCommand {
  /** How messages start, e.g. "maelstrom test". */
  name: string;
  /** What --help prints. */
  help: string;
  /** Checks of this host's own, once before any run: a runner, or why it cannot run (exit 254). */
  prepare(o: TestOptions): Promise<{ run: HostedRun } | { error: string }>;
  /** A failure of the host itself: one line, exit 255. */
  crashed(e: unknown): never;
}

export async function runTestCommand(argv: readonly string[], cmd: TestCommand): Promise<number> {
  const parsed = parseTestArgs([...argv]);
  if (!parsed.ok) {
    console.error(`${cmd.name}: ${parsed.error}\n(${helpHint(cmd.name)} lists every option)`);
    return 254;
  }
  if (parsed.help) {
    console.log(cmd.help);
    return 0;
  }
  const o = parsed.options;
  const problem = workloadRunError(o) ?? checkStoreDir(o.storeDir);
  if (problem) {
    console.error(`${cmd.name}: ${problem}`);
    return 254;
  }
  const prepared = await cmd.prepare(o);
  if ("error" in prepared) {
    console.error(`${cmd.name}: ${prepared.error}`);
    return 254;
  }
  const interrupt = interruptOnSignals(cmd.name);
  // If stdout is closed early (`... | head`) or the terminal goes (SIGHUP, then EIO), the run goes on
  // and its lines are only in the store's run.log; the progress line on stderr just stops.
  const say = terminal(process.stdout, cmd.crashed);
  guardTerminal(process.stderr, cmd.crashed);
  let exit = 0;
  for (let i = 0; i < o.testCount && !interrupt.aborted; i++) {
    if (o.testCount > 1) say(`\n=== test ${i + 1} of ${o.testCount}`);
    const outcome = await prepared.run({ ...runConfigFrom(o, argv), report: true }, say, { interrupt });
    exit = outcome.exitCode;
    if (exit !== 0) break; // like Jepsen: stop at the first run that is not valid
  }
  if (interrupt.aborted && exit < 128) {
    // The signal came after the last run ended: that run finished; no further run starts.
    console.error(`${cmd.name}: interrupted by ${String(interrupt.reason)} after the run finished; no further test was started.`);
    return signalExit(interrupt.reason as NodeJS.Signals);
  }
  return exit;
}

/** The first SIGINT, SIGTERM or SIGHUP stops the run in order; a second one exits at once. */
function interruptOnSignals(name: string): AbortSignal {
  const ctl = new AbortController();
  const on = (sig: NodeJS.Signals) => {
    if (!ctl.signal.aborted) return ctl.abort(sig);
    console.error(`${name}: ${sig} again: stopping at once; the history of this run may be incomplete.`);
    process.exit(signalExit(sig));
  };
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, on);
  return ctl.signal;
}

function signalExit(sig: NodeJS.Signals): number {
  return 128 + (constants.signals[sig] ?? 2);
}

function helpHint(name: string): string {
  return name.startsWith("sim") ? `${commandName("sim")} --help` : `${commandName("maelstrom")} test --help`;
}
