import { MemoryTransport } from "../../lib/runtime/memory-transport.js";
import { Node, type NodeOptions } from "../../lib/runtime/node.js";
import { VirtualClock } from "../../lib/runtime/virtual-clock.js";

/** A node on an in-memory transport and a virtual clock, with its logs captured. */
export function newNode(opts: Partial<NodeOptions> = {}) {
  const transport = new MemoryTransport();
  const clock = new VirtualClock();
  const logs: string[] = [];
  const node = new Node({ transport, clock, logWrite: (l) => logs.push(l), logLevel: "debug", random: () => 0.5, ...opts });
  const running = node.run();
  return {
    node,
    transport,
    clock,
    logs,
    running,
    /** Feeds one message (or raw line) to the node. */
    feed(msg: unknown) {
      transport.push(typeof msg === "string" ? msg : JSON.stringify(msg));
    },
    /** Every message the node has written, parsed. */
    out(): Array<{ src: string; dest: string; body: Record<string, unknown> }> {
      return transport.output.map((l) => JSON.parse(l));
    },
  };
}

/** A node that has already answered init as `id` in a cluster of `ids`; its output is cleared. */
export function initNode(id = "n1", ids = ["n1", "n2", "n3"], opts: Partial<NodeOptions> = {}) {
  const t = newNode(opts);
  t.feed({ src: "c0", dest: id, body: { type: "init", node_id: id, node_ids: ids, msg_id: 1 } });
  if (t.transport.output.length !== 1) throw new Error(`init was not answered: ${t.transport.output.join("\n")}`);
  t.transport.output.length = 0;
  return t;
}

/** Lets pending promise callbacks run (async handlers, rpc continuations). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}
