// The local Maelstrom: `npm run maelstrom -- test ...` runs a workload against
// any node binary the way `maelstrom test` does; `npm run maelstrom -- serve`
// shows stored runs. See README.md.
import { parseTestArgs, TEST_USAGE, unimplementedWorkloadError } from "../maelstrom-workloads/harness/test-options.js";
import { runConfigFrom } from "../maelstrom-workloads/harness/run-config.js";
import { runTest } from "../maelstrom-workloads/harness/run-test.js";
import { runServe } from "./maelstrom/serve.js";

const USAGE = `Usage: npm run maelstrom -- <command> [options]

Commands:
  test    run a workload against a node binary, like Maelstrom's \`maelstrom test\`
          (npm run maelstrom -- test --help lists every option)
  serve   browse stored runs in a web page (npm run maelstrom -- serve --help)

Example:
  npm run maelstrom -- test -w echo --bin nodes/echo.ts --node-count 3 --time-limit 10`;

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
    console.log(TEST_USAGE);
    return 0;
  }
  const o = parsed.options;
  const unimplemented = unimplementedWorkloadError(o.workload);
  if (unimplemented) {
    console.error(`maelstrom test: ${unimplemented}`);
    return 254;
  }
  if (o.leaveDbRunning) console.error("maelstrom test: --leave-db-running has no effect here: nodes are always killed at teardown.");
  let exit = 0;
  for (let i = 0; i < o.testCount; i++) {
    if (o.testCount > 1) console.log(`\n=== test ${i + 1} of ${o.testCount}`);
    const cfg = runConfigFrom(o, argv);
    const outcome = await runTest(cfg, (line) => console.log(line));
    exit = outcome.exitCode;
    if (exit !== 0) break; // like Jepsen: stop at the first run that is not valid
  }
  return exit;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`maelstrom: ${(e as Error).stack ?? String(e)}`);
    process.exit(255);
  },
);
