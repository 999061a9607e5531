// The local Maelstrom: `npm run maelstrom -- test ...` runs a workload against
// any node binary the way `maelstrom test` does; `npm run maelstrom -- serve`
// shows stored runs; `analyze` judges a stored run again with today's checkers;
// `report` writes a stored run's report again. See README.md.
import { COMMAND_ENV, commandName } from "../maelstrom-workloads/options/command-name.js";
import { TEST_USAGE } from "../maelstrom-workloads/options/index.js";
import { DEBUG_ENV, describeFailure } from "../maelstrom-workloads/run/describe-failure.js";

const EXIT_STATUS = `Exit status of test: 0 valid, 1 invalid, 2 unknown, 254 bad arguments, 255 the run
or the harness crashed; 130 interrupted by SIGINT (Ctrl-C), 143 by SIGTERM, 129
by SIGHUP: the nodes are killed, and the history so far and a test.json that
says "interrupted" are written (a second signal stops at once). A failure of
the harness itself is one line; set ${DEBUG_ENV}=1 to add its stack trace.`;

const M = commandName("maelstrom");
const USAGE = `Usage: ${M} <command> [options]

Commands:
  test    run a workload against a node binary, like Maelstrom's \`maelstrom test\`
          (${M} test --help lists every option)
  serve   browse stored runs in a web page (${M} serve --help)
  analyze judge a stored run again with today's checkers, like Maelstrom's
          \`maelstrom analyze\` (${M} analyze --help)
  report  write a stored run's report files again (ours; ${M} report --help)
  bundle  bundle a TypeScript node into one executable file, for the real
          Maelstrom (ours; ${M} bundle --help)

Example:
  ${M} test -w echo --bin nodes/echo.ts --node-count 3 --time-limit 10

${EXIT_STATUS}`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // Each command's code is loaded when it is asked for: a run loads only what it needs (faster to start, and fewer
  // files open at once: the harness is tested with a limit of 100 file descriptors).
  if (command === "serve") return (await import("./maelstrom/serve.js")).runServe(rest);
  if (command === "analyze") return (await import("./maelstrom/analyze-command.js")).runAnalyzeCommand(rest, { out: (s) => console.log(s), err: (s) => console.error(s) });
  if (command === "bundle") return (await import("./maelstrom/bundle-command.js")).runBundleCommand(rest, (s) => console.log(s), (s) => console.error(s));
  if (command === "report") return (await import("./maelstrom/report-command.js")).runReportCommand(rest, (s) => console.log(s), (s) => console.error(s));
  if (command === "test") {
    const { runTestCommand } = await import("./maelstrom/test-command.js");
    const { runTest } = await import("../maelstrom-workloads/harness/run-test.js");
    return runTestCommand(rest, {
      name: process.env[COMMAND_ENV] ? "maelstrom-nodes test" : "maelstrom test",
      help: `${TEST_USAGE}\n${EXIT_STATUS}`,
      prepare: async (o) => {
        if (o.leaveDbRunning) console.error("maelstrom test: --leave-db-running has no effect here: nodes are always killed at teardown.");
        return { run: runTest };
      },
      crashed,
    });
  }
  if (command === undefined || command === "-h" || command === "--help" || command === "help") {
    console.log(USAGE);
    return command === undefined ? 254 : 0;
  }
  console.error(`maelstrom: unknown command ${JSON.stringify(command)}; expected test, serve, analyze, report or bundle.\n\n${USAGE}`);
  return 254;
}

/** A failure of the harness itself: one line (a stack trace only with MAELSTROM_NODES_DEBUG=1), exit 255. */
function crashed(e: unknown): never {
  console.error(`maelstrom: the harness failed: ${describeFailure(e)}`);
  process.exit(255);
}

process.on("uncaughtException", crashed);
process.on("unhandledRejection", crashed);

main(process.argv.slice(2)).then((code) => process.exit(code), crashed);
