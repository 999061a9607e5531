import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Clock } from "../../../lib/runtime/clock.js";
import { MemoryTransport } from "../../../lib/runtime/memory-transport.js";
import { Node } from "../../../lib/runtime/node.js";
import { RealClock } from "../../../lib/runtime/real-clock.js";
import { VirtualClock } from "../../../lib/runtime/virtual-clock.js";

type Msg = { src: string; dest: string; body: Record<string, unknown> };

/**
 * Nodes sharing one clock, wired by a network that delivers each message
 * `latencyMs` later on that clock; what is sent to anyone else lands in `outside`.
 */
function cluster(clock: Clock, ids: string[], install: (node: Node) => void, opts: { latencyMs?: number; random?: () => number } = {}) {
  const trace: string[] = [];
  const outside: Array<Msg & { at: number }> = [];
  const transports = new Map<string, MemoryTransport>();
  const nodes = new Map<string, Node>();
  for (const id of ids) {
    const transport = new MemoryTransport();
    const node = new Node({ transport, clock, logLevel: "off", logWrite: () => {}, random: opts.random ?? (() => 0.5) });
    install(node);
    transport.onOutput((line) => {
      const m = JSON.parse(line) as Msg;
      trace.push(`${clock.now()} ${line}`);
      const to = transports.get(m.dest);
      if (to) clock.after(opts.latencyMs ?? 10, () => to.push(line));
      else outside.push({ ...m, at: clock.now() });
    });
    void node.run();
    transports.set(id, transport);
    nodes.set(id, node);
  }
  let msgId = 0;
  const send = (dest: string, body: Record<string, unknown>) => transports.get(dest)!.push(JSON.stringify({ src: "c1", dest, body: { ...body, msg_id: ++msgId } }));
  for (const id of ids) send(id, { type: "init", node_id: id, node_ids: ids });
  const replies = (type: string) => outside.filter((m) => m.body.type === type);
  return { nodes, send, outside, replies, trace };
}

/** When a node sends each attempt of an rpcWithRetry (100 ms attempts, 1 s deadline) to a peer that never answers, and how it ends. */
async function retryAttempts(clock: Clock, run: (done: Promise<unknown>) => Promise<void>) {
  const attempts: number[] = [];
  let start = 0;
  const c = cluster(clock, ["n1"], () => {});
  const node = c.nodes.get("n1")!;
  start = clock.now();
  const done = node.rpcWithRetry("n9", { type: "ping" }, { attemptTimeoutMs: 100, deadlineMs: 1000 }).catch((e: unknown) => e);
  const watch = setInterval(() => {}, 1000); // keeps the event loop alive on real time
  try {
    await run(done);
  } finally {
    clearInterval(watch);
  }
  for (const m of c.outside) if (m.body.type === "ping") attempts.push(m.at - start);
  return { attempts, error: String(await done) };
}

describe("VirtualClock: async-safe time (advanceAsync, runUntil)", () => {
  it("rpcWithRetry makes the same attempts at the same times on virtual time as on real time", async () => {
    const virtual = new VirtualClock();
    const v = await retryAttempts(virtual, () => virtual.advanceAsync(2000));
    // 100 ms attempts; backoff 50 ms x 2^n shortened by jitter 0.2 x random 0.5: 45, 90, 180; then 715 + 360 > 1000.
    expect(v.attempts).toEqual([0, 145, 335, 615]);
    expect(v.error).toMatch(/gave up on ping to n9 after 4 attempt\(s\) in 715 ms/);
    // Real timers only ever fire late, and a loaded machine makes them later: every real run starts each attempt
    // no earlier than virtual time says, and at least one of three runs matches it within 40 ms, attempt for attempt.
    const close = (real: number[]) => real.length === v.attempts.length && real.every((t, i) => Math.abs(t - v.attempts[i]!) < 40);
    let matched: number[] | undefined;
    for (let run = 0; run < 3 && !matched; run++) {
      const real = await retryAttempts(new RealClock(), async (done) => void (await done));
      real.attempts.forEach((t, i) => expect(t).toBeGreaterThanOrEqual(v.attempts[i]! - 2));
      if (close(real.attempts)) {
        expect(real.error).toMatch(/gave up on ping to n9 after 4 attempt\(s\)/);
        matched = real.attempts;
      }
    }
    expect(matched, "no real-time run matched the virtual attempts within 40 ms").toBeDefined();
  });

  it("the synchronous advance() does not: the retry after an await finds time already past (one attempt)", async () => {
    const clock = new VirtualClock();
    const r = await retryAttempts(clock, async () => clock.advance(1000));
    expect(r.attempts).toEqual([0]);
    expect(r.error).toMatch(/after 1 attempt\(s\)/);
  });

  it("async handler chains complete between timers, at the times real time would give", async () => {
    const clock = new VirtualClock();
    const wait = (node: Node, ms: number) => new Promise<void>((r) => node.after(ms, r));
    const c = cluster(clock, ["n1", "n2"], (node) => {
      // n1 asks n2 (10 ms each way), which waits 50 ms before answering; then n1 waits 30 ms more.
      node.on("relay", async () => {
        const r = await node.rpc("n2", { type: "ask" }, { timeoutMs: 1000 });
        await wait(node, 30);
        return { type: "relay_ok", got: r.value, at: node.clock.now() };
      });
      node.on("ask", async () => {
        await wait(node, 50);
        return { type: "ask_ok", value: 42 };
      });
    });
    c.send("n1", { type: "relay" });
    await clock.advanceAsync(1000);
    expect(c.replies("relay_ok").map((m) => [m.body.got, m.body.at, m.at])).toEqual([[42, 100, 100]]);

    // Under the synchronous advance, the same chain is stuck after its first await until time has moved on.
    const sync = new VirtualClock();
    const s = cluster(sync, ["n1", "n2"], (node) => {
      node.on("relay", async () => {
        await node.rpc("n2", { type: "ask" }, { timeoutMs: 1000 });
        return { type: "relay_ok", at: node.clock.now() };
      });
      node.on("ask", () => ({ type: "ask_ok" }));
    });
    s.send("n1", { type: "relay" });
    sync.advance(1000);
    await new Promise((r) => setImmediate(r));
    expect(s.replies("relay_ok").map((m) => m.at)).toEqual([1000]);
  });

  it("an async init hook completes between timers: messages held meanwhile are answered at its end, and its timers start then", async () => {
    const clock = new VirtualClock();
    const ticks: number[] = [];
    const c = cluster(clock, ["n1"], (node) => {
      node.onInit(async (n) => {
        await new Promise<void>((r) => n.after(100, r));
        await new Promise<void>((r) => n.after(20, r));
        n.every(50, () => void ticks.push(n.clock.now()));
      });
      node.on("hello", () => ({ type: "hello_ok", at: node.clock.now() }));
    });
    c.send("n1", { type: "hello" });
    await clock.advanceAsync(230);
    expect(c.outside.map((m) => [m.body.type, m.at])).toEqual([
      ["init_ok", 120],
      ["hello_ok", 120],
    ]);
    expect(ticks).toEqual([170, 220]);
  });

  it("is deterministic: the same cluster run twice gives the same trace, line for line", async () => {
    const run = async () => {
      const clock = new VirtualClock();
      let seed = 7;
      const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      const c = cluster(clock, ["n1", "n2", "n3"], (node) => {
        node.on("go", async () => {
          const got = await Promise.allSettled(node.peers.map((p) => node.rpcWithRetry(p, { type: "flaky" }, { attemptTimeoutMs: 40, deadlineMs: 500 })));
          return { type: "go_ok", ok: got.filter((g) => g.status === "fulfilled").length };
        });
        // Answers only every third request, after a random wait.
        let n = 0;
        node.on("flaky", async () => {
          if (++n % 3 !== 0) return;
          await new Promise<void>((r) => node.after(Math.floor(node.random() * 60), r));
          return { type: "flaky_ok" };
        });
        node.onInit((n) => void n.every(25, () => void n.send(n.peers[0]!, { type: "noise" })));
      }, { random, latencyMs: 7 });
      for (const id of ["n1", "n2", "n3"]) c.send(id, { type: "go" });
      await clock.advanceAsync(600);
      return c.trace;
    };
    const a = await run();
    const b = await run();
    expect(a.length).toBeGreaterThan(100);
    expect(b).toEqual(a);
  });

  it("nodes share one clock: stopping one cancels its own timers and RPCs, never another's", async () => {
    const clock = new VirtualClock();
    const ticks = { n1: 0, n2: 0 };
    const c = cluster(clock, ["n1", "n2"], (node) => {
      node.onInit((n) => void n.every(10, () => void ticks[n.id as "n1" | "n2"]++));
    });
    const n1 = c.nodes.get("n1")!;
    const n2 = c.nodes.get("n2")!;
    const r1 = n1.rpc("n9", { type: "x" }, { timeoutMs: 500 }).catch((e: unknown) => String(e));
    const r2 = n2.rpc("n9", { type: "x" }, { timeoutMs: 500 }).catch((e: unknown) => String(e));
    await clock.advanceAsync(100);
    n1.stop("test");
    const before = { ...ticks };
    await clock.advanceAsync(600);
    expect(ticks.n1).toBe(before.n1);
    expect(ticks.n2).toBe(before.n2 + 60);
    expect(await r1).toMatch(/stopped \(test\)/);
    expect(await r2).toMatch(/timed out|timeout|500/i);
    expect(clock.pending).toBe(1); // n2's every
  });

  it("runUntil stops at the given time, fires what falls due on the way, and refuses to go back or to run twice at once", async () => {
    const clock = new VirtualClock();
    const seen: number[] = [];
    clock.after(10, () => void Promise.resolve().then(() => clock.after(0, () => seen.push(clock.now()))));
    clock.after(30, () => seen.push(clock.now()));
    expect(clock.nextDeadline()).toBe(10);
    await clock.runUntil(20);
    expect([seen, clock.now(), clock.nextDeadline()]).toEqual([[10], 20, 30]);
    await expect(clock.runUntil(5)).rejects.toThrow(/>= now \(20\); got 5/);
    const running = clock.runUntil(40);
    await expect(clock.advanceAsync(1)).rejects.toThrow(/while runUntil\(\) is moving time/);
    expect(() => clock.advance(1)).toThrow(/advance\(\) was called while runUntil\(\) is moving time/);
    await running;
    expect([seen, clock.now()]).toEqual([[10, 30], 40]);
  });

  it("property: with cancellations, timers fire sorted by (due, scheduling order), and pending counts the rest", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean()), { maxLength: 3000 }), (specs) => {
        const c = new VirtualClock();
        const fired: number[] = [];
        const timers = specs.map(([d], i) => c.after(d, () => fired.push(i)));
        specs.forEach(([, cancel], i) => cancel && timers[i]!.cancel());
        const kept = specs.map(([d, cancel], i) => ({ d, cancel, i })).filter((s) => !s.cancel);
        expect(c.pending).toBe(kept.length);
        c.advance(100);
        expect(fired).toEqual(kept.sort((x, y) => x.d - y.d || x.i - y.i).map((s) => s.i));
        expect(c.pending).toBe(0);
      }),
      { numRuns: 50 },
    );
  });
});
