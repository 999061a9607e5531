import { spawnNode } from "../../maelstrom-workloads/harness/spawn-node.js";

export interface NodeRun {
  stdout: string[];
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * Runs a node binary as Maelstrom does (spawnNode: absolute path, temp dir as
 * working directory, its own process group), writes `lines` to its stdin,
 * closes stdin and waits for it to exit. Fails the test if it has not exited
 * after `timeoutMs`, killing its group.
 */
export function runNodeProcess(bin: string, lines: string[], opts: { args?: readonly string[]; timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<NodeRun> {
  return new Promise((resolve, reject) => {
    const { child, killGroup } = spawnNode(bin, opts.args ?? [], { ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}), env: { ...process.env, ...opts.env } });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => {
      killGroup();
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
