import { expect } from "vitest";
import { parseCommandLine } from "../../scripts/replay/options.js";
import { UsageError } from "../../scripts/replay/usage.js";
import { runScript } from "./run-script.js";

/** Runs `scripts/replay.ts` as a user would, without colours, from the project folder. */
export function replayCli(args: string[]) {
  const env = { ...process.env };
  delete env.npm_lifecycle_event;
  delete env.INIT_CWD; // relative paths are the project folder's
  delete env.NO_COLOR;
  return runScript("scripts/replay.ts", args, env);
}

/** The UsageError message replay's parser gives for `argv`; fails the test if there is none. */
export function usageError(argv: string[]): string {
  try {
    parseCommandLine(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`no UsageError for ${argv.join(" ")}`);
}
