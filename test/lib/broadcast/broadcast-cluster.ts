import { MemoryTransport } from "../../../lib/runtime/memory-transport.js";
import { Node } from "../../../lib/runtime/node.js";
import { VirtualClock } from "../../../lib/runtime/virtual-clock.js";
import { deriveSeed, seededRng } from "../../../maelstrom-workloads/model/random.js";

type Install = (node: Node, args: readonly string[]) => void;
type Body = Record<string, unknown>;
interface Wire {
  src: string;
  dest: string;
  body: Body;
}

/**
 * A few broadcast nodes on one virtual clock, wired to each other through
 * in-memory transports with a fixed latency, for tests that kill a node and
 * start it again without the whole harness: `kill` drops the instance (what
 * it was sent is lost with it), `start` makes a new one under the same id,
 * with its own randomness, `init` and `topology`, as a restart does. Tests
 * play the client with `call`. `cut` drops every message between two nodes.
 */
export function broadcastCluster(opts: { ids: string[]; install: Install; args?: string[]; latencyMs?: number; seed?: number }) {
  const clock = new VirtualClock();
  const latency = opts.latencyMs ?? 10;
  const live = new Map<string, { node: Node; transport: MemoryTransport; instance: number }>();
  const replies = new Map<number, Body[]>();
  const cuts = new Set<string>();
  /** Every message between nodes, as sent (also those dropped). */
  const sent: Wire[] = [];
  let instances = 0;
  let msgId = 1000;

  const route = (from: number, line: string) => {
    const m = JSON.parse(line) as Wire;
    if (!opts.ids.includes(m.dest)) {
      if (typeof m.body.in_reply_to === "number") replies.set(m.body.in_reply_to, [...(replies.get(m.body.in_reply_to) ?? []), m.body]);
      return;
    }
    sent.push(m);
    if (cuts.has(`${m.src}>${m.dest}`) || live.get(m.src)?.instance !== from) return;
    // Whatever instance of the receiver runs when it arrives gets it: a message to a killed node may reach its successor.
    clock.after(latency, () => live.get(m.dest)?.transport.push(line));
  };

  const start = (id: string) => {
    if (live.has(id)) throw new Error(`${id} is running`);
    const instance = ++instances;
    const transport = new MemoryTransport({ keepOutput: false });
    const rng = seededRng(deriveSeed(opts.seed ?? 1, `${id}#${instance}`));
    const node = new Node({ transport, clock, random: rng.next, logWrite: () => {} });
    opts.install(node, opts.args ?? []);
    transport.onOutput((l) => route(instance, l));
    void node.run();
    live.set(id, { node, transport, instance });
    feed(id, { type: "init", node_id: id, node_ids: opts.ids });
    const topology = Object.fromEntries(opts.ids.map((n) => [n, opts.ids.filter((o) => o !== n)]));
    feed(id, { type: "topology", topology });
  };

  const feed = (id: string, body: Body): number => {
    const id_ = ++msgId;
    live.get(id)!.transport.push(JSON.stringify({ src: "c1", dest: id, body: { ...body, msg_id: id_ } }));
    return id_;
  };

  for (const id of opts.ids) start(id);

  return {
    clock,
    sent,
    start,
    /** Drops the node's instance: its memory, its timers, and whatever is on its way to it. */
    kill(id: string) {
      const l = live.get(id)!;
      live.delete(id);
      l.node.stop("killed");
    },
    cut(a: string, b: string) {
      cuts.add(`${a}>${b}`).add(`${b}>${a}`);
    },
    heal() {
      cuts.clear();
    },
    /** Sends a client request; returns a function that gives the reply body once there is one, and `.all()`, every reply to it. */
    call(id: string, body: Body): (() => Body | undefined) & { all: () => Body[] } {
      const m = feed(id, body);
      return Object.assign(() => replies.get(m)?.[0], { all: () => replies.get(m) ?? [] });
    },
    /** The node's values, read as a client reads them (sorted). */
    async read(id: string): Promise<unknown[]> {
      const r = this.call(id, { type: "read" });
      await clock.advanceAsync(1);
      const body = r();
      if (body?.type !== "read_ok") throw new Error(`read on ${id}: ${JSON.stringify(body)}`);
      return [...(body.messages as unknown[])].sort((a, b) => Number(a) - Number(b));
    },
    run: (ms: number) => clock.advanceAsync(ms),
  };
}
