import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { resolve } from "node:path";

export interface SpawnNodeOptions {
  /** Working directory; Maelstrom's is the temp directory (the default). */
  cwd?: string;
  /** The environment; by default the harness's own, inherited as Maelstrom does. */
  env?: NodeJS.ProcessEnv;
  /**
   * Start the node in its own process group (the default), so killGroup ends
   * everything it started. It then does not get the terminal's Ctrl-C: whoever
   * started it must end it. false keeps it in ours (replay, which is
   * interactive: Ctrl-C reaches the node as in a shell pipeline).
   */
  ownGroup?: boolean;
}

export interface SpawnedNode {
  /**
   * The process, with stdin, stdout and stderr as pipes. Listen for its
   * 'error' (a binary that cannot be started): it is not handled here. Out of
   * file descriptors (EMFILE) the pipes are missing, whatever the type says.
   */
  child: ChildProcessWithoutNullStreams;
  /**
   * Sends `signal` (SIGKILL by default) to the node's whole process group, or
   * to the node alone when it shares ours; does nothing once the group is
   * empty. Synchronous, so it is safe in a process 'exit' handler.
   */
  killGroup(signal?: NodeJS.Signals): void;
}

/**
 * Starts a node binary as Maelstrom does: its absolute path (resolved from
 * ours), the temp directory as working directory, our environment, stdio as
 * pipes. Beyond Maelstrom, in its own process group, so that a wrapper script
 * that did not `exec`, or a background child, can be killed with it. Every
 * pipe has an 'error' listener (a write to a node that has gone fails with
 * EPIPE; its exit tells the story), so a stream error never crashes the caller.
 */
export function spawnNode(bin: string, args: readonly string[] = [], opts: SpawnNodeOptions = {}): SpawnedNode {
  const ownGroup = opts.ownGroup ?? true;
  const child = spawn(resolve(bin), [...args], { cwd: opts.cwd ?? tmpdir(), env: opts.env ?? process.env, stdio: ["pipe", "pipe", "pipe"], detached: ownGroup });
  for (const s of [child.stdin, child.stdout, child.stderr]) s?.on("error", () => {});
  const killGroup = (signal: NodeJS.Signals = "SIGKILL") => {
    const pid = child.pid;
    if (pid === undefined) return; // never started
    try {
      if (ownGroup) process.kill(-pid, signal);
      else child.kill(signal);
    } catch {
      // ESRCH: the group is already empty.
    }
  };
  return { child, killGroup };
}
