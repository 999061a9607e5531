import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runNodeProcess } from "../helpers/spawn-node.js";

const root = resolve(import.meta.dirname, "../..");
const echo = join(root, "nodes/echo.ts");

const init = '{"src":"c0","dest":"n1","body":{"type":"init","node_id":"n1","node_ids":["n1","n2"],"msg_id":1}}';

describe("nodes/echo.ts as a process", () => {
  it("answers init and echo with exact lines, error 10 for an unknown type, survives garbage, and exits 0 on EOF", async () => {
    const run = await runNodeProcess(echo, [
      init,
      '{"id":4,"src":"c1","dest":"n1","body":{"type":"echo","echo":"Please echo 35","msg_id":1}}',
      '{"src":"c1","dest":"n1","body":{"type":"teleport","msg_id":2}}',
      "this is not json",
      '{"src":"c1","dest":"n1","body":{"type":"echo","echo":{"nested":[1,2]},"msg_id":3}}',
      '{"src":"c1","dest":"n1","body":{"type":"echo","msg_id":4}}',
    ]);
    expect(run.stdout).toEqual([
      '{"src":"n1","dest":"c0","body":{"type":"init_ok","msg_id":1,"in_reply_to":1}}',
      '{"src":"n1","dest":"c1","body":{"type":"echo_ok","echo":"Please echo 35","msg_id":2,"in_reply_to":1}}',
      '{"src":"n1","dest":"c1","body":{"type":"error","code":10,"text":"this node does not handle messages of type \\"teleport\\"","msg_id":3,"in_reply_to":2}}',
      '{"src":"n1","dest":"c1","body":{"type":"echo_ok","echo":{"nested":[1,2]},"msg_id":4,"in_reply_to":3}}',
      '{"src":"n1","dest":"c1","body":{"type":"error","code":12,"text":"invalid echo body: echo: required: the payload to send back","msg_id":5,"in_reply_to":4}}',
    ]);
    expect(run.stderr).toContain('[n1] warn: skipped a line on stdin that is not a message: not valid JSON');
    expect(run.stderr).toContain('"this is not json"');
    expect(run.stderr).not.toContain("run-node"); // started from compiled JavaScript, not the tsx fallback
    expect(run.code).toBe(0);
  });

  it("answers many pipelined requests in order", async () => {
    const n = 2000;
    const lines = [init, ...Array.from({ length: n }, (_, i) => JSON.stringify({ src: "c1", dest: "n1", body: { type: "echo", echo: i, msg_id: i + 1 } }))];
    const run = await runNodeProcess(echo, lines);
    expect(run.stdout).toHaveLength(n + 1);
    const replies = run.stdout.slice(1).map((l) => JSON.parse(l).body);
    expect(replies.map((b) => b.echo)).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(replies.every((b, i) => b.in_reply_to === i + 1)).toBe(true);
  });

  it("honours MAELSTROM_NODE_LOG", async () => {
    const quiet = await runNodeProcess(echo, [init, "garbage"], { env: { MAELSTROM_NODE_LOG: "error" } });
    expect(quiet.stderr).toBe("");
    const bad = await runNodeProcess(echo, [init], { env: { MAELSTROM_NODE_LOG: "loud" } });
    expect(bad.stderr).toMatch(/MAELSTROM_NODE_LOG="loud" is not a log level/);
  });

  it("falls back to tsx, and says so, when there is no compiled file", async () => {
    const tmp = mkdtempSync(join(tmpdir(), "echo-fallback-"));
    try {
      cpSync(join(root, "lib"), join(tmp, "lib"), { recursive: true });
      cpSync(join(root, "nodes/echo.ts"), join(tmp, "nodes/echo.ts"));
      cpSync(join(root, "scripts/run-node.sh"), join(tmp, "scripts/run-node.sh"));
      cpSync(join(root, "package.json"), join(tmp, "package.json"));
      symlinkSync(join(root, "node_modules"), join(tmp, "node_modules"));
      const run = await runNodeProcess(join(tmp, "nodes/echo.ts"), [init], { timeoutMs: 15_000 });
      expect(run.stdout).toEqual(['{"src":"n1","dest":"c0","body":{"type":"init_ok","msg_id":1,"in_reply_to":1}}']);
      expect(run.stderr).toMatch(/\[run-node\] .*dist\/nodes\/echo\.js does not exist; running .*echo\.ts through tsx/);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe("a node whose code leaves a promise rejection unhandled", () => {
  it("logs it and keeps answering", async () => {
    const { spawn } = await import("node:child_process");
    const child = spawn(process.execPath, ["--import", `file://${root}/node_modules/tsx/dist/loader.mjs`, join(root, "test/fixtures/nodes/fire-and-forget.ts")], { cwd: tmpdir() });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d));
    child.stderr.on("data", (d: Buffer) => (err += d));
    const exited = new Promise<number | null>((r) => child.on("close", r));
    child.stdin.write(init + "\n");
    child.stdin.write('{"src":"c1","dest":"n1","body":{"type":"poke","msg_id":1}}\n');
    // The rpc times out 20 ms after the first poke is handled; wait for the node to say so (tsx's start-up
    // alone can take over a second on a loaded machine), at most 15 s, before closing its stdin.
    for (let waited = 0; !/unhandled promise rejection/.test(err) && waited < 15_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    child.stdin.end('{"src":"c1","dest":"n1","body":{"type":"poke","msg_id":2}}\n');
    expect(await exited).toBe(0);
    const msgs = out.trim().split("\n").map((l) => JSON.parse(l));
    expect(msgs.filter((m) => m.dest !== "n9").map((m) => m.body.type)).toEqual(["init_ok", "poke_ok", "poke_ok"]);
    expect(msgs.filter((m) => m.dest === "n9")).toHaveLength(2);
    expect(err).toMatch(/\[n1\] error: unhandled promise rejection \(the node keeps running\): RpcError: timeout \(code 0\): no reply from n9/);
  });
});
