// The stdin replay tool: feeds JSON lines to any Maelstrom node binary and
// shows, line by line, what it answers. Run `npm run replay -- --help`.
// The work is done in scripts/replay/; this file only wires it to the process.
import { invocationDir } from "../maelstrom-workloads/options/invocation-dir.js";
import { parseCommandLine } from "./replay/options.js";
import { replay } from "./replay/run-replay.js";
import { shouldColor } from "./replay/style.js";
import { formatUsageError, UsageError, usageText } from "./replay/usage.js";

async function main(argv: readonly string[]): Promise<number> {
  let cmd;
  try {
    cmd = parseCommandLine(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(formatUsageError(e));
    return 2;
  }
  if (cmd.help) {
    process.stdout.write(usageText());
    return 0;
  }
  // Under `npm run replay`, npm runs us from the package root; take relative
  // paths from where the user actually was.
  const env = process.env;
  const baseDir = invocationDir();
  const usesStdin = cmd.options.input === null && cmd.options.run === undefined;
  const code = await replay(
    { ...cmd.options, baseDir },
    {
      write: (s) => void process.stdout.write(s),
      error: (s) => void process.stderr.write(s),
      ...(usesStdin ? { stdin: process.stdin } : {}),
      color: shouldColor(cmd.options.noColor, env, process.stdout.isTTY === true),
    },
  );
  return code;
}

// If whoever reads our output goes away (say, `| head`), stop quietly; the node then sees EOF.
process.stdout.on("error", (e: NodeJS.ErrnoException) => process.exit(e.code === "EPIPE" ? 1 : 2));
const code = await main(process.argv.slice(2));
// Exit once the report is written, even if a stream (stdin) would keep us alive.
process.stdout.write("", () => process.exit(code));
