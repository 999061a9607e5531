import { commandWords } from "../../options/command-name.js";

/**
 * The command line that runs a test again with a given run seed and schedule
 * file: `npm run sim -- test ...` (the same run, byte for byte) or `npm run
 * maelstrom -- test ...` (the same faults on real processes). `testArgs` are
 * the test's arguments as the search was given them (without the search's
 * own options and --seed); the node program's arguments after `--` stay last.
 */
export function replayCommand(host: "sim" | "maelstrom", testArgs: readonly string[], runSeed: number, scheduleFile: string): string[] {
  const dashDash = testArgs.indexOf("--");
  const before = dashDash < 0 ? testArgs : testArgs.slice(0, dashDash);
  const after = dashDash < 0 ? [] : testArgs.slice(dashDash);
  return [...commandWords(host), "test", ...before, "--seed", String(runSeed), "--schedule", scheduleFile, ...after];
}
