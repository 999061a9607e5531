import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { expect } from "vitest";
import { parseCommandLine } from "../../scripts/replay/options.js";
import { UsageError } from "../../scripts/replay/usage.js";

const root = resolve(import.meta.dirname, "../..");

/** Runs `scripts/replay.ts` as a user would, without colours, from the project folder. */
export function replayCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.npm_lifecycle_event;
  delete env.NO_COLOR;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/replay.ts", ...args], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code, stdout, stderr }));
  });
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
