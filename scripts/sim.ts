// The simulator: `npm run sim -- test ...` runs a workload against a node
// program (a file in nodes/, or any program written with lib/ that
// default-exports install(node, args)), every node in this process, on
// virtual time, deterministically from the seed. See README.md, "Simulate".
import { constants } from "node:os";
import { loadNodeProgram, type NodeProgram } from "../lib/runtime/node-program.js";
import { importNodeModule } from "../maelstrom-workloads/run/bundle-node.js";
import { commandName } from "../maelstrom-workloads/options/command-name.js";
import { TEST_USAGE } from "../maelstrom-workloads/options/index.js";
import { invocationDir } from "../maelstrom-workloads/options/invocation-dir.js";
import { DEBUG_ENV, describeFailure } from "../maelstrom-workloads/run/describe-failure.js";
import { runSim } from "../maelstrom-workloads/sim/run-sim.js";
import { runAnalyzeCommand } from "./maelstrom/analyze-command.js";
import { runTestCommand } from "./maelstrom/test-command.js";
import { terminal } from "./maelstrom/terminal.js";

const S = commandName("sim");
const M = commandName("maelstrom");
const USAGE = `Usage: ${S} test -w <workload> --bin <node program> [options] [--seed N]
       ${S} search -w <workload> --bin <node program> [--budget N] [--seed S] [options]
       ${S} search-merge FILE...    (${S} search --help)
       ${S} analyze [RUN_DIR]       judge a stored run again, as
                                              ${M} analyze (--help)

Runs a workload as \`${M} test\` does (the same options, network
model, nemeses, clients, checkers, store and exit codes), with every node an
instance of the program in this process, on virtual time: a run of 600
simulated seconds takes seconds, and the same --seed gives the same
history.jsonl and journal.jsonl, byte for byte. Every run prints its seed.

The program must be written with lib/ and default-export install(node, args)
(every file in nodes/ does). Anything else (a Python node, a script without
that export) can only run as a process, under \`${M} test\`.

Exit status: 0 valid, 1 invalid, 2 unknown, 254 bad arguments (or a binary
that is not a node program), 255 the run crashed; 130/143/129 interrupted.
Set ${DEBUG_ENV}=1 to add a stack trace to a failure of the simulator itself.

The options (as ${M} test):
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "-h" || command === "--help" || command === "help") {
    console.log(`${USAGE}\n${TEST_USAGE}`);
    return command === undefined ? 254 : 0;
  }
  if (command === "search" || command === "search-merge") {
    const io = { say: terminal(process.stdout, crashed), warn: (l: string) => console.error(l), interrupt: interruptOnSignals(`sim ${command}`) };
    // Loaded when asked for: a test run does not load the search (nor fast-check).
    const run = command === "search" ? (await import("./sim/search-command.js")).searchCommand : (await import("./sim/merge-command.js")).mergeCommand;
    return run(rest, io);
  }
  if (command === "analyze") return runAnalyzeCommand(rest, { out: (l) => console.log(l), err: (l) => console.error(l) });
  if (command !== "test") {
    console.error(`sim: unknown command ${JSON.stringify(command)}; expected test, search, search-merge or analyze.\n(${S} --help)`);
    return 254;
  }
  return runTestCommand(rest, {
    name: "sim test",
    help: `${USAGE}\n${TEST_USAGE}`,
    prepare: async (o) => {
      let install: NodeProgram;
      try {
        install = await loadNodeProgram(o.bin, invocationDir(), importNodeModule);
      } catch (e) {
        return { error: `--bin ${(e as Error).message}` };
      }
      return { run: (cfg, say, hooks) => runSim({ ...cfg, install }, say, hooks) };
    },
    crashed,
  });
}

/** The first SIGINT, SIGTERM or SIGHUP stops the search in order (what was found so far is written); a second one exits at once. */
function interruptOnSignals(name: string): AbortSignal {
  const ctl = new AbortController();
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(sig, () => {
      if (!ctl.signal.aborted) return ctl.abort(sig);
      console.error(`${name}: ${sig} again: stopping at once.`);
      process.exit(128 + (constants.signals[sig] ?? 2));
    });
  }
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
