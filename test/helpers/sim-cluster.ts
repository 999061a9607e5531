import { MemoryTransport } from "../../lib/runtime/memory-transport.js";
import { Node } from "../../lib/runtime/node.js";
import { VirtualClock } from "../../lib/runtime/virtual-clock.js";
import { Network } from "../../maelstrom-workloads/network/network.js";
import { parseNodeOutput } from "../../maelstrom-workloads/harness/parse-node-output.js";

/**
 * Nodes of one program in one process, on the harness's network model and a
 * virtual clock: latency, partitions and time are all under the test's control.
 */
export function simCluster(ids: string[], install: (node: Node) => void, opts: { latencyMs?: number } = {}) {
  const clock = new VirtualClock();
  /** Messages sent so far, by body type. */
  const sent = new Map<string, number>();
  const net = new Network({
    clock,
    latency: () => opts.latencyMs ?? 100,
    journal: (e) => {
      if (e.type === "send") sent.set(String(e.message.body.type), (sent.get(String(e.message.body.type)) ?? 0) + 1);
    },
    nowNs: () => clock.now() * 1e6,
  });
  const nodes = new Map<string, Node>();
  for (const id of ids) {
    const transport = new MemoryTransport();
    const node = new Node({ transport, clock, logLevel: "off", logWrite: () => {} });
    install(node);
    net.register(id, { deliver: (m) => transport.push(JSON.stringify(m)) });
    transport.onOutput((line) => {
      const p = parseNodeOutput(line);
      if (!p.ok) throw new Error(`${id} wrote ${line}: ${p.reason}`);
      net.send(p.src, p.dest, p.body);
    });
    void node.run();
    nodes.set(id, node);
  }
  // A client that records replies by msg_id.
  const replies = new Map<number, Record<string, unknown>>();
  net.register("c1", { deliver: (m) => replies.set(m.body.in_reply_to as number, m.body) });
  let msgId = 0;
  const request = (dest: string, body: Record<string, unknown>) => {
    const id = ++msgId;
    net.send("c1", dest, { ...body, msg_id: id });
    return () => replies.get(id);
  };
  for (const id of ids) request(id, { type: "init", node_id: id, node_ids: ids });
  return { clock, net, nodes, request, sent: (type: string) => sent.get(type) ?? 0 };
}
