import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { spawnNode } from "../../maelstrom-workloads/harness/spawn-node.js";
import { runNodeProcess } from "../helpers/spawn-node.js";

const root = resolve(import.meta.dirname, "../..");
const echo = join(root, "nodes/echo.ts");
const init = '{"src":"c0","dest":"n1","body":{"type":"init","node_id":"n1","node_ids":["n1"],"msg_id":1}}';
const echoLine = (payload: string, msgId: number) => `{"src":"c1","dest":"n1","body":{"type":"echo","echo":${payload},"msg_id":${msgId}}}`;

/** stderr without the launcher's note about running through tsx (when dist/ is older than another engineer's sources). */
const nodeLog = (stderr: string) => stderr.split("\n").filter((l) => l !== "" && !l.startsWith("[run-node]"));

describe("nodes/echo.ts against hostile input, as a process", () => {
  it("answers an echo of 5,000 nested arrays with error 13, keeps the init_ok of the same turn, and serves the next request (item 1)", async () => {
    const deep = "[".repeat(5000) + "]".repeat(5000);
    const run = await runNodeProcess(echo, [init, echoLine(deep, 2), echoLine('"after"', 3)]);
    expect(run.code).toBe(0);
    expect(run.stdout).toEqual([
      '{"src":"n1","dest":"c0","body":{"type":"init_ok","msg_id":1,"in_reply_to":1}}',
      '{"src":"n1","dest":"c1","body":{"type":"error","code":13,"text":"could not serialise the echo_ok reply to c1: it is nested too deeply to serialise (Maximum call stack size exceeded)","msg_id":3,"in_reply_to":2}}',
      '{"src":"n1","dest":"c1","body":{"type":"echo_ok","echo":"after","msg_id":4,"in_reply_to":3}}',
    ]);
    expect(nodeLog(run.stderr)).toEqual(["[n1] error: could not serialise the echo_ok reply to c1: it is nested too deeply to serialise (Maximum call stack size exceeded)"]);
  });

  it("stops quietly, with one log line and exit 0, when its stdout is closed after 2 lines (item 3)", async () => {
    const requests = [init, ...Array.from({ length: 50_000 }, (_, i) => echoLine(`"request ${i}"`, i + 2))].join("\n") + "\n";
    const { child, killGroup } = spawnNode(echo);
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d;
      if (out.split("\n").length > 2) child.stdout.destroy(); // as `| head -2` does
    });
    child.stderr.on("data", (d: Buffer) => (err += d));
    child.stdin.on("error", () => {}); // the node may exit before it has read everything
    child.stdin.end(requests);
    const timer = setTimeout(killGroup, 15_000);
    const [code, signal] = await new Promise<[number | null, string | null]>((r) => child.on("close", (c, s) => r([c, s])));
    clearTimeout(timer);
    expect(out.split("\n")[0]).toBe('{"src":"n1","dest":"c0","body":{"type":"init_ok","msg_id":1,"in_reply_to":1}}');
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(nodeLog(err)).toEqual(["[n1] warn: stdout was closed by its reader (EPIPE): stopping, as nothing more can be sent"]);
  });
});
