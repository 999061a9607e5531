import { spawn } from "node:child_process";
import { tmpdir } from "node:os";

export interface NodeRun {
  stdout: string[];
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * Runs a node binary as Maelstrom does (absolute path, temp dir as working
 * directory), writes `lines` to its stdin, closes stdin and waits for it to
 * exit. Fails the test if it has not exited after `timeoutMs`.
 */
export function runNodeProcess(bin: string, lines: string[], opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<NodeRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, [], { cwd: opts.cwd ?? tmpdir(), env: { ...process.env, ...opts.env }, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${bin} did not exit within ${opts.timeoutMs ?? 10_000} ms after stdin closed; stderr:\n${err}`));
    }, opts.timeoutMs ?? 10_000);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout: out.split("\n").filter((l) => l !== ""), stderr: err, code, signal });
    });
    child.stdin.end(lines.map((l) => l + "\n").join(""));
  });
}
