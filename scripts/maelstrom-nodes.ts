#!/usr/bin/env node
// The `maelstrom-nodes` command an installed package gives (`npx maelstrom-nodes ...`):
// one name for the commands this repository runs as npm scripts. Each command's
// own entry (maelstrom.ts, sim.ts, replay.ts) reads process.argv, so this one
// sets it to what that script would have been given and loads the script.
import { fileURLToPath } from "node:url";
import { COMMAND_ENV } from "../maelstrom-workloads/options/command-name.js";

const USAGE = `Usage: maelstrom-nodes <command> [options]

Commands (each has --help):
  test     run a workload against a node binary, like Maelstrom's \`maelstrom test\`
  sim      the same run on virtual time, every node in this process, repeatable
           from its seed (sim [test] ..., sim search ..., sim search-merge ...)
  serve    browse stored runs in a web page
  analyze  judge a stored run again with today's checkers, like \`maelstrom analyze\`
  report   write a stored run's report files again
  replay   feed JSON lines (or one node's input from a stored run) to a node
  bundle   bundle a TypeScript node into one executable file, for the real
           Maelstrom (maelstrom test --bin my-node.mjs)

A --bin that is a TypeScript file is bundled once per run with esbuild and
started with node (Maelstrom would start the file itself). Relative paths are
taken from the folder you run the command in, and the store is written there.

Example:
  npx maelstrom-nodes test -w broadcast --bin ./my-node.ts --node-count 5 --time-limit 20 --rate 10`;

const [command, ...rest] = process.argv.slice(2);
process.env[COMMAND_ENV] = "maelstrom-nodes";
const run = (script: string, argv: readonly string[]) => {
  process.argv = [process.argv[0]!, fileURLToPath(new URL(script, import.meta.url)), ...argv];
  return import(script);
};
switch (command) {
  case "test":
  case "serve":
  case "analyze":
  case "report":
  case "bundle":
    await run("./maelstrom.js", [command, ...rest]);
    break;
  case "sim":
    // `sim -w ...` means `sim test -w ...`.
    await run("./sim.js", rest.length > 0 && (rest[0]!.startsWith("-") && !["-h", "--help"].includes(rest[0]!)) ? ["test", ...rest] : rest);
    break;
  case "replay":
    await run("./replay.js", rest);
    break;
  case undefined:
  case "-h":
  case "--help":
  case "help":
    console.log(USAGE);
    process.exitCode = command === undefined ? 254 : 0;
    break;
  default:
    console.error(`maelstrom-nodes: unknown command ${JSON.stringify(command)}; expected test, sim, serve, analyze, report, replay or bundle.\n\n${USAGE}`);
    process.exitCode = 254;
}
