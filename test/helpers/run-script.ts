import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");

/**
 * Our environment without INIT_CWD: a script started in the project folder
 * with it would take relative paths from wherever `npm test` was typed
 * (invocationDir), not from the project folder.
 */
export function projectEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.INIT_CWD;
  return env;
}

export interface ScriptRun {
  child: ChildProcess;
  /** Everything written to stdout so far. */
  stdout: () => string;
  /** Settles when the process has exited and its output is closed. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/**
 * Starts one of the project's TypeScript scripts (through tsx) from the project
 * folder and collects its output. `detached` makes it a process-group leader,
 * so a test can send a signal to its whole group as Ctrl-C does;
 * `maxOpenFiles` lowers its file-descriptor limit (ulimit -n).
 */
export function startScript(script: string, args: string[], env: NodeJS.ProcessEnv = projectEnv(), opts: { detached?: boolean; maxOpenFiles?: number } = {}): ScriptRun {
  const command = [process.execPath, "--import", "tsx", resolve(root, script), ...args];
  const [file, ...argv] = opts.maxOpenFiles === undefined ? command : ["/bin/sh", "-c", `ulimit -n ${opts.maxOpenFiles} && exec "$@"`, "sh", ...command];
  const child = spawn(file!, argv, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], detached: opts.detached ?? false });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolvePromise, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
  });
  return { child, stdout: () => stdout, done };
}

/** Runs one of the project's TypeScript scripts (through tsx) from the project folder; collects its output and exit code. */
export async function runScript(script: string, args: string[], env: NodeJS.ProcessEnv = projectEnv()): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await startScript(script, args, env).done;
  return { code, stdout, stderr };
}
