import { describe, expect, it } from "vitest";
import { MemoryTransport } from "../../lib/runtime/memory-transport.js";
import { Node } from "../../lib/runtime/node.js";
import { VirtualClock } from "../../lib/runtime/virtual-clock.js";
import { GatedClock } from "../../maelstrom-workloads/sim/gated-clock.js";
import { deriveSeed, seededRng } from "../../maelstrom-workloads/model/random.js";
import install from "../../nodes/swim.js";

// nodes/swim.ts on one virtual clock with pauses as the simulator makes them
// (each instance on a GatedClock: timers that fall due while paused fire all
// at once on resume, and the messages that came meanwhile are read then, in
// order). 10 ms links, default settings.

type Body = Record<string, unknown>;
type View = Record<string, { status: string; incarnation: number }>;
const ids = ["n1", "n2", "n3", "n4", "n5"];

function pausableCluster(seed = 1) {
  const clock = new VirtualClock();
  const live = new Map<string, { transport: MemoryTransport; gate: GatedClock; held: string[]; instance: number }>();
  const replies = new Map<number, Body>();
  let instances = 0;
  let msgId = 1000;

  const deliver = (id: string, line: string) => {
    const l = live.get(id);
    if (!l) return;
    if (l.gate.state === "paused") l.held.push(line);
    else l.transport.push(line);
  };
  const start = (id: string) => {
    const instance = ++instances;
    const transport = new MemoryTransport({ keepOutput: false });
    const gate = new GatedClock(clock);
    const node = new Node({ transport, clock: gate, random: seededRng(deriveSeed(seed, `${id}#${instance}`)).next, logWrite: () => {} });
    install(node, []);
    transport.onOutput((line) => {
      const m = JSON.parse(line) as { src: string; dest: string; body: Body };
      if (live.get(id)?.instance !== instance || live.get(id)?.gate.state !== "running") return;
      if (!ids.includes(m.dest)) replies.set(m.body.in_reply_to as number, m.body);
      else clock.after(10, () => deliver(m.dest, line));
    });
    void node.run();
    live.set(id, { transport, gate, held: [], instance });
    feed(id, { type: "init", node_id: id, node_ids: ids });
  };
  const feed = (id: string, body: Body): number => {
    const n = ++msgId;
    deliver(id, JSON.stringify({ src: "c1", dest: id, body: { ...body, msg_id: n } }));
    return n;
  };
  for (const id of ids) start(id);

  return {
    clock,
    start,
    run: (ms: number) => clock.advanceAsync(ms),
    /** Drops the instance: its memory, its timers, and what was held for it. */
    kill(id: string) {
      live.get(id)!.gate.kill();
      live.delete(id);
    },
    pause: (id: string) => live.get(id)!.gate.pause(),
    /** As the simulator resumes: the held timers are due at once, then the held messages are read, in order. */
    resume(id: string) {
      const l = live.get(id)!;
      l.gate.resume();
      for (const line of l.held.splice(0)) l.transport.push(line);
    },
    /** Sends a client request; the reply body, once there is one. */
    call(id: string, body: Body): () => Body | undefined {
      const n = feed(id, body);
      return () => replies.get(n);
    },
  };
}

describe("nodes/swim.ts after a pause of its own (Lifeguard: a stalled node does not act on timers that ran out meanwhile)", () => {
  it("a node paused while it suspects a member, which restarts meanwhile at the same incarnation, does not declare it dead on resuming: nobody ever reports it dead", async () => {
    const c = pausableCluster();
    await c.run(3000);
    // n1 suspects n2 at incarnation 0 (told so, as by a probe of its own that went unanswered), and is paused at that instant, before it gossips.
    c.call("n1", { type: "gossip", updates: [{ id: "n2", status: "suspect", incarnation: 0, from: "n1" }] });
    await c.run(0);
    c.pause("n1");
    // n2 restarts with no memory: alive at incarnation 0 again, which n1's suspicion outranks. Nobody running suspects it.
    c.kill("n2");
    await c.run(1000);
    c.start("n2");
    // n1 resumes long after its suspicion timed out (at most 4.5 s at 5 nodes).
    await c.run(25_000);
    c.resume("n1");
    const seen: string[] = [];
    for (let t = 0; t < 10_000; t += 100) {
      const calls = ids.map((id) => [id, c.call(id, { type: "members" })] as const);
      await c.run(100);
      for (const [by, r] of calls) {
        const view = r()?.members as View | undefined;
        if (view?.n2?.status === "dead") seen.push(`${by} at ${c.clock.now()}: n2 dead at incarnation ${view.n2.incarnation}`);
      }
    }
    expect(seen).toEqual([]);
    // n2 heard of the suspicion and refuted it: alive above 0 everywhere.
    const last = ids.map((id) => [id, c.call(id, { type: "members" })] as const);
    await c.run(1);
    for (const [by, r] of last) expect((r()!.members as View).n2, by).toEqual({ status: "alive", incarnation: 1 });
  });
});
