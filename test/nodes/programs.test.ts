import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { MemoryTransport } from "../../lib/runtime/memory-transport.js";
import { Node } from "../../lib/runtime/node.js";
import { loadNodeProgram, type NodeProgram } from "../../lib/runtime/node-program.js";
import { VirtualClock } from "../../lib/runtime/virtual-clock.js";

const root = resolve(import.meta.dirname, "../..");
type Msg = { src: string; dest: string; body: Record<string, unknown> };

/**
 * Hosts `program` on nodes sharing one virtual clock, in this process, with a
 * network that delivers each message (as JSON text) `latencyMs` later; what
 * goes to anyone else (the client c1) is collected.
 */
function host(program: NodeProgram, ids: string[], args: string[] = [], latencyMs = 5) {
  const clock = new VirtualClock();
  const toClient: Msg[] = [];
  const transports = new Map<string, MemoryTransport>();
  for (const id of ids) {
    const transport = new MemoryTransport();
    const node = new Node({ transport, clock, random: () => 0.5, logLevel: "off", logWrite: () => {} });
    program(node, args);
    transport.onOutput((line) => {
      const m = JSON.parse(line) as Msg;
      const to = transports.get(m.dest);
      if (to) clock.after(latencyMs, () => to.push(line));
      else toClient.push(m);
    });
    void node.run();
    transports.set(id, transport);
  }
  let msgId = 0;
  const send = (dest: string, body: Record<string, unknown>) => transports.get(dest)!.push(JSON.stringify({ src: "c1", dest, body: { ...body, msg_id: ++msgId } }));
  for (const id of ids) send(id, { type: "init", node_id: id, node_ids: ids });
  return { clock, send, toClient };
}

describe("node programs hosted in this process (loadNodeProgram, a Node on a MemoryTransport and a VirtualClock)", () => {
  it("nodes/echo.ts answers echo", async () => {
    const echo = await loadNodeProgram(join(root, "nodes/echo.ts"));
    const h = host(echo, ["n1"]);
    h.send("n1", { type: "echo", echo: { hi: [1, 2] } });
    await h.clock.advanceAsync(10);
    expect(h.toClient.map((m) => m.body)).toEqual([
      { type: "init_ok", msg_id: 1, in_reply_to: 1 },
      { type: "echo_ok", echo: { hi: [1, 2] }, msg_id: 2, in_reply_to: 2 },
    ]);
  });

  it("nodes/broadcast.ts with its arguments (fast): a value broadcast to one node is read from every node", async () => {
    const broadcast = await loadNodeProgram(join(root, "nodes/broadcast.ts"));
    const ids = ["n1", "n2", "n3", "n4"];
    const h = host(broadcast, ids, ["fast", "--period", "20"]);
    await h.clock.advanceAsync(1);
    h.send("n3", { type: "broadcast", message: 7 });
    h.send("n4", { type: "broadcast", message: "x" });
    await h.clock.advanceAsync(200);
    for (const id of ids) h.send(id, { type: "read" });
    await h.clock.advanceAsync(1);
    const reads = h.toClient.filter((m) => m.body.type === "read_ok").map((m) => [m.src, [...(m.body.messages as unknown[])].sort()]);
    expect(reads).toEqual(ids.map((id) => [id, [7, "x"]]));
  });

  it("nodes/broadcast.ts refuses bad arguments with an error (the process exits 2 instead), and --help is not a way to start", async () => {
    const broadcast = await loadNodeProgram(join(root, "nodes/broadcast.ts"));
    const node = () => new Node({ transport: new MemoryTransport(), clock: new VirtualClock(), logLevel: "off", logWrite: () => {} });
    expect(() => broadcast(node(), ["--period", "x"])).toThrow(
      'nodes/broadcast.ts refused its arguments ["--period","x"] (as a process it would exit 2): broadcast: --period: expected a whole number of milliseconds from 1 to 2147483647, got "x"',
    );
    expect(() => broadcast(node(), ["--help"])).toThrow(/nodes\/broadcast\.ts prints and exits instead of starting a node with the arguments \["--help"\] \(as a process it would exit 0\): usage: nodes\/broadcast\.ts/);
  });

  it("importing a program does not start it on this process's stdin", async () => {
    const before = process.stdin.listenerCount("data");
    await import("../../nodes/echo.js");
    await import("../../nodes/broadcast.js");
    expect(process.stdin.listenerCount("data")).toBe(before);
  });
});
