import { chmodSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, expect, it } from "vitest";
import { spawnNode } from "../../../maelstrom-workloads/harness/spawn-node.js";
import { isRunning, recordedPids, survivors } from "../../helpers/leftover-processes.js";

const scratch = mkdtempSync(join(tmpdir(), "spawn-node-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Everything the child writes on stdout, once it has exited. */
function stdoutOf(child: ReturnType<typeof spawnNode>["child"]): Promise<string> {
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d));
  return new Promise((r) => child.on("close", () => r(out)));
}

it("starts the binary as Maelstrom does: absolute path, the temp dir as working directory, our environment", async () => {
  const script = join(scratch, "where.sh");
  writeFileSync(script, '#!/bin/sh\necho "$0|$(pwd)|$SPAWN_NODE_TEST_VAR"\n');
  chmodSync(script, 0o755);
  process.env.SPAWN_NODE_TEST_VAR = "inherited";
  try {
    const { child } = spawnNode(relative(process.cwd(), script));
    expect((await stdoutOf(child)).trim()).toBe(`${script}|${realpathSync(tmpdir())}|inherited`);
  } finally {
    delete process.env.SPAWN_NODE_TEST_VAR;
  }
});

it("takes another working directory and environment when asked (replay's --cwd, a bench's log level)", async () => {
  const script = join(scratch, "where2.sh");
  writeFileSync(script, '#!/bin/sh\necho "$(pwd)|$ONLY"\n');
  chmodSync(script, 0o755);
  const { child } = spawnNode(script, [], { cwd: scratch, env: { ONLY: "this", PATH: process.env.PATH } });
  expect((await stdoutOf(child)).trim()).toBe(`${realpathSync(scratch)}|this`);
});

it("killGroup ends the whole group: a wrapper without exec, its background child and its node", async () => {
  const pids = mkdtempSync(join(scratch, "pids-"));
  const { child, killGroup } = spawnNode("test/fixtures/harness/wrapped-echo.sh", [pids]);
  // The node answers init once it runs: then all three pids are recorded.
  child.stdin.write('{"src":"c0","dest":"n1","body":{"type":"init","node_id":"n1","node_ids":["n1"],"msg_id":1}}\n');
  await new Promise<void>((r) => child.stdout.once("data", () => r()));
  const started = recordedPids(pids);
  expect(started).toHaveLength(3);
  killGroup();
  expect(await survivors(started)).toEqual([]);
});

it("with ownGroup false, the node shares our group and killGroup ends the node alone", async () => {
  const pids = mkdtempSync(join(scratch, "pids-"));
  const { child, killGroup } = spawnNode("test/fixtures/harness/wrapped-echo.sh", [pids], { ownGroup: false });
  child.stdin.write('{"src":"c0","dest":"n1","body":{"type":"init","node_id":"n1","node_ids":["n1"],"msg_id":1}}\n');
  await new Promise<void>((r) => child.stdout.once("data", () => r()));
  const [sleeper, shell] = recordedPids(pids);
  killGroup();
  await new Promise((r) => child.once("exit", r));
  expect([isRunning(shell!), isRunning(sleeper!)]).toEqual([false, true]);
  await survivors(recordedPids(pids), 0); // kills what is left
});

it("puts an 'error' listener on every pipe, so writing to a node that has gone cannot crash the caller", async () => {
  const { child } = spawnNode("/bin/sh", ["-c", "exit 0"]);
  // Both waits are set up at once: 'close' may come right after 'exit'.
  const exited = new Promise((r) => child.once("exit", r));
  const closed = new Promise((r) => child.once("close", r));
  for (const s of [child.stdin, child.stdout, child.stderr]) expect(s.listenerCount("error")).toBeGreaterThan(0);
  await exited;
  child.stdin.write("x".repeat(1 << 20)); // EPIPE, handled
  await closed;
});

it("killGroup of a binary that never started does nothing", async () => {
  const { child, killGroup } = spawnNode(join(scratch, "missing"));
  const err = await new Promise<NodeJS.ErrnoException>((r) => child.once("error", r));
  expect(err.code).toBe("ENOENT");
  expect(() => killGroup()).not.toThrow();
});
