// The simulator: `npm run sim -- test ...` runs a workload against a node
// program (a file in nodes/, or any program written with lib/ that
// default-exports install(node, args)), every node in this process, on
// virtual time, deterministically from the seed. See README.md, "Simulate".
import { constants } from "node:os";
import { randomInt } from "node:crypto";
import { loadNodeProgram, type NodeProgram } from "../lib/runtime/node-program.js";
import { checkStoreDir } from "../maelstrom-workloads/harness/check-store-dir.js";
import { parseTestArgs, TEST_USAGE, unimplementedWorkloadError } from "../maelstrom-workloads/harness/test-options.js";
import { RECOVERY_SECONDS } from "../maelstrom-workloads/harness/run-config.js";
import { DEBUG_ENV, describeFailure } from "../maelstrom-workloads/run/describe-failure.js";
import { runSim } from "../maelstrom-workloads/sim/run-sim.js";
import { WORKLOADS } from "../maelstrom-workloads/workloads.js";

const USAGE = `Usage: npm run sim -- test -w <workload> --bin <node program> [options] [--seed N]

Runs a workload as \`npm run maelstrom -- test\` does (the same options, network
model, nemeses, clients, checkers, store and exit codes), with every node an
instance of the program in this process, on virtual time: a run of 600
simulated seconds takes seconds, and the same --seed gives the same
history.jsonl and journal.jsonl, byte for byte. Every run prints its seed.

The program must be written with lib/ and default-export install(node, args)
(every file in nodes/ does). Anything else (a Python node, a script without
that export) can only run as a process, under \`npm run maelstrom\`.

Exit status: 0 valid, 1 invalid, 2 unknown, 254 bad arguments (or a binary
that is not a node program), 255 the run crashed; 130/143/129 interrupted.
Set ${DEBUG_ENV}=1 to add a stack trace to a failure of the simulator itself.

The options (as npm run maelstrom -- test):
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "-h" || command === "--help" || command === "help") {
    console.log(`${USAGE}\n${TEST_USAGE}`);
    return command === undefined ? 254 : 0;
  }
  if (command !== "test") {
    console.error(`sim: unknown command ${JSON.stringify(command)}; expected test.\n(npm run sim -- --help)`);
    return 254;
  }
  const parsed = parseTestArgs(rest);
  if (!parsed.ok) {
    console.error(`sim test: ${parsed.error}\n(npm run sim -- --help lists every option)`);
    return 254;
  }
  if (parsed.help) {
    console.log(`${USAGE}\n${TEST_USAGE}`);
    return 0;
  }
  const o = parsed.options;
  const unimplemented = unimplementedWorkloadError(o.workload);
  if (unimplemented) {
    console.error(`sim test: ${unimplemented}`);
    return 254;
  }
  const storeProblem = checkStoreDir(o.storeDir);
  if (storeProblem) {
    console.error(`sim test: ${storeProblem}`);
    return 254;
  }
  let install: NodeProgram;
  try {
    install = await loadNodeProgram(o.bin);
  } catch (e) {
    console.error(`sim test: --bin ${(e as Error).message}`);
    return 254;
  }
  const interrupt = interruptOnSignals();
  let exit = 0;
  for (let i = 0; i < o.testCount && !interrupt.aborted; i++) {
    if (o.testCount > 1) console.log(`\n=== test ${i + 1} of ${o.testCount}`);
    const outcome = await runSim(
      {
        workloadName: o.workload,
        workload: WORKLOADS[o.workload]!,
        bin: o.bin,
        install,
        binArgs: o.binArgs,
        nodes: o.nodes,
        concurrency: o.concurrency,
        rate: o.rate,
        timeLimit: o.timeLimit,
        latency: o.latency,
        nemesis: o.nemesis,
        nemesisInterval: o.nemesisInterval,
        topology: o.topology,
        availability: o.availability,
        logStderr: o.logStderr,
        logNetSend: o.logNetSend,
        logNetRecv: o.logNetRecv,
        seed: o.seed ?? randomInt(0, 2 ** 31),
        storeDir: o.storeDir,
        recoverySeconds: RECOVERY_SECONDS,
        argv: rest,
      },
      (line) => console.log(line),
      { interrupt },
    );
    exit = outcome.exitCode;
    if (exit !== 0) break;
  }
  return exit;
}

/** SIGINT, SIGTERM and SIGHUP end the run in order (history and test.json written); a second one exits at once. */
function interruptOnSignals(): AbortSignal {
  const ctl = new AbortController();
  const on = (sig: NodeJS.Signals) => {
    if (!ctl.signal.aborted) return ctl.abort(sig);
    console.error(`sim test: ${sig} again: stopping at once; the history of this run may be incomplete.`);
    process.exit(128 + (constants.signals[sig] ?? 2));
  };
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, on);
  return ctl.signal;
}

function crashed(e: unknown): never {
  console.error(`sim: the simulator failed: ${describeFailure(e)}`);
  process.exit(255);
}

process.on("uncaughtException", crashed);
// A node program's promise that nobody awaited (a fire-and-forget rpc that timed out) must not end
// the run: a node process logs it and keeps running (Node.main), and so does the simulator.
process.on("unhandledRejection", (e) => console.error(`sim: unhandled promise rejection, most likely in the node program (the run goes on): ${describeFailure(e)}`));

main(process.argv.slice(2)).then((code) => process.exit(code), crashed);
