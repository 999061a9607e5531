// The local Maelstrom: `npm run maelstrom -- test ...` runs a workload against
// any node binary the way `maelstrom test` does; `npm run maelstrom -- serve`
// shows stored runs. See README.md.
import { constants } from "node:os";
import { checkStoreDir } from "../maelstrom-workloads/harness/check-store-dir.js";
import { DEBUG_ENV, describeFailure } from "../maelstrom-workloads/run/describe-failure.js";
import { parseTestArgs, TEST_USAGE, unimplementedWorkloadError } from "../maelstrom-workloads/harness/test-options.js";
import { runConfigFrom } from "../maelstrom-workloads/harness/run-config.js";
import { runTest } from "../maelstrom-workloads/harness/run-test.js";
import { runServe } from "./maelstrom/serve.js";
import { guardTerminal, terminal } from "./maelstrom/terminal.js";

const EXIT_STATUS = `Exit status of test: 0 valid, 1 invalid, 2 unknown, 254 bad arguments, 255 the run
or the harness crashed; 130 interrupted by SIGINT (Ctrl-C), 143 by SIGTERM, 129
by SIGHUP: the nodes are killed, and the history so far and a test.json that
says "interrupted" are written (a second signal stops at once). A failure of
the harness itself is one line; set ${DEBUG_ENV}=1 to add its stack trace.`;

const USAGE = `Usage: npm run maelstrom -- <command> [options]

Commands:
  test    run a workload against a node binary, like Maelstrom's \`maelstrom test\`
          (npm run maelstrom -- test --help lists every option)
  serve   browse stored runs in a web page (npm run maelstrom -- serve --help)

Example:
  npm run maelstrom -- test -w echo --bin nodes/echo.ts --node-count 3 --time-limit 10

${EXIT_STATUS}`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "serve") return runServe(rest);
  if (command === "test") return runTestCommand(rest);
  if (command === undefined || command === "-h" || command === "--help" || command === "help") {
    console.log(USAGE);
    return command === undefined ? 254 : 0;
  }
  console.error(`maelstrom: unknown command ${JSON.stringify(command)}; expected test or serve.\n\n${USAGE}`);
  return 254;
}

async function runTestCommand(argv: string[]): Promise<number> {
  const parsed = parseTestArgs(argv);
  if (!parsed.ok) {
    console.error(`maelstrom test: ${parsed.error}\n(npm run maelstrom -- test --help lists every option)`);
    return 254;
  }
  if (parsed.help) {
    console.log(`${TEST_USAGE}\n${EXIT_STATUS}`);
    return 0;
  }
  const o = parsed.options;
  const unimplemented = unimplementedWorkloadError(o.workload);
  if (unimplemented) {
    console.error(`maelstrom test: ${unimplemented}`);
    return 254;
  }
  const storeProblem = checkStoreDir(o.storeDir);
  if (storeProblem) {
    console.error(`maelstrom test: ${storeProblem}`);
    return 254;
  }
  if (o.leaveDbRunning) console.error("maelstrom test: --leave-db-running has no effect here: nodes are always killed at teardown.");
  const interrupt = interruptOnSignals();
  // If stdout is closed early (`... | head`) or the terminal goes (SIGHUP, then EIO), the run goes on
  // and its lines are only in the store's run.log; the progress line on stderr just stops.
  const say = terminal(process.stdout, crashed);
  guardTerminal(process.stderr, crashed);
  let exit = 0;
  for (let i = 0; i < o.testCount && !interrupt.aborted; i++) {
    if (o.testCount > 1) say(`\n=== test ${i + 1} of ${o.testCount}`);
    const cfg = runConfigFrom(o, argv);
    const outcome = await runTest(cfg, say, { interrupt });
    exit = outcome.exitCode;
    if (exit !== 0) break; // like Jepsen: stop at the first run that is not valid
  }
  if (interrupt.aborted && exit < 128) {
    // The signal came after the last run's nodes were killed: that run finished; no further run starts.
    console.error(`maelstrom test: interrupted by ${String(interrupt.reason)} after the run finished; no further test was started.`);
    return signalExit(interrupt.reason as NodeJS.Signals);
  }
  return exit;
}

/**
 * SIGINT, SIGTERM and SIGHUP interrupt the run (see runTest's hooks): the
 * first one stops it in order; a second one exits at once (the nodes are
 * still killed, by runTest's exit handler).
 */
function interruptOnSignals(): AbortSignal {
  const ctl = new AbortController();
  const on = (sig: NodeJS.Signals) => {
    if (!ctl.signal.aborted) return ctl.abort(sig);
    console.error(`maelstrom test: ${sig} again: stopping at once; the history of this run may be incomplete.`);
    process.exit(signalExit(sig));
  };
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, on);
  return ctl.signal;
}

function signalExit(sig: NodeJS.Signals): number {
  return 128 + (constants.signals[sig] ?? 2);
}

/** A failure of the harness itself: one line (a stack trace only with MAELSTROM_NODES_DEBUG=1), exit 255. */
function crashed(e: unknown): never {
  console.error(`maelstrom: the harness failed: ${describeFailure(e)}`);
  process.exit(255);
}

process.on("uncaughtException", crashed);
process.on("unhandledRejection", crashed);

main(process.argv.slice(2)).then((code) => process.exit(code), crashed);
