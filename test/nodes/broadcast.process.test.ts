import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { spawnNode } from "../../maelstrom-workloads/harness/spawn-node.js";

const bin = resolve(import.meta.dirname, "../../nodes/broadcast.ts");

function start(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const { child, killGroup } = spawnNode(bin, args);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(killGroup, 10_000);
    child.on("error", fail);
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
    // What Maelstrom would send first: if the flag were accepted, the node would answer it.
    child.stdin.end('{"src":"c0","dest":"n1","body":{"type":"init","node_id":"n1","node_ids":["n1"],"msg_id":1}}\n');
  });
}

describe("nodes/broadcast.ts as a process", () => {
  it("refuses --period 3000000000 at start-up: exit 2, the flag, value and range on stderr, nothing on stdout", async () => {
    const r = await start(["--period", "3000000000"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('broadcast: --period: expected a whole number of milliseconds from 1 to 2147483647, got "3000000000"');
  });
});
