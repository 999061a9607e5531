import type { Op, OpType } from "../../maelstrom-workloads/model/op.js";
import { deriveSeed, seededRng } from "../../maelstrom-workloads/model/random.js";

/** What a synthetic lin-kv history looks like. */
export interface RegisterHistoryConfig {
  seed: number;
  /** Seconds of history. */
  seconds: number;
  /** Ops per second, over all threads. */
  rate: number;
  /** Nodes: each key is worked by 2n threads, n readers and n writers (write:cas 1:2), as lin-kv does. */
  nodeCount: number;
  /** Mean op latency in ms (exponential). */
  latencyMs: number;
  /** Chance that an op times out and is left info (a partition's effect); it then took effect with probability 1/2. */
  infoChance: number;
  /** A timed-out op completes this many ms after its invocation. */
  timeoutMs: number;
}

/** Roughly `lin-kv --node-count 5 --concurrency 2n --rate 100` on a healthy network. */
export const HEALTHY: Omit<RegisterHistoryConfig, "seed" | "seconds"> = { rate: 100, nodeCount: 5, latencyMs: 5, infoChance: 0, timeoutMs: 1000 };

/** Jepsen's process limit per key: a key is left once 20 processes have used it. */
const PROCESSES_PER_KEY = 20;

interface Planned {
  thread: number;
  process: number;
  key: number;
  f: "read" | "write" | "cas";
  arg: unknown;
  invoke: number;
  complete: number;
  /** When it took effect (ms), or null if it never did. */
  at: number | null;
  timedOut: boolean;
}

/**
 * A synthetic lin-kv history made by running a real register per key: 2n
 * threads (one group, one key at a time) issue Maelstrom's lin-kv op mix
 * (values 0..4) with exponential latencies; each op takes effect at a random
 * point inside its interval, in that order, so the history is linearizable
 * by construction. Reads of an unwritten key and cas whose `from` does not
 * match fail (errors 20 and 22). With `infoChance`, ops time out as info,
 * having taken effect or not; a thread's process then moves on by the thread
 * count, and the group changes key once 20 processes have used it.
 * Deterministic in the seed.
 */
export function registerHistory(cfg: RegisterHistoryConfig): Op[] {
  const rng = seededRng(deriveSeed(cfg.seed, "register-history"));
  const exp = (mean: number) => -Math.log(1 - rng.next()) * mean;
  const threads = 2 * cfg.nodeCount;
  // Each thread runs one op after another; the pause between makes the total rate.
  const cycleMs = (threads * 1000) / cfg.rate;
  const gapMean = Math.max(0, cycleMs - cfg.latencyMs);
  const next = Array.from({ length: threads }, () => exp(gapMean));
  const process = Array.from({ length: threads }, (_, t) => t);
  let key = 0;
  let used = new Set<number>(process);
  const planned: Planned[] = [];
  const endMs = cfg.seconds * 1000;
  for (;;) {
    let t = 0;
    for (let i = 1; i < threads; i++) if (next[i]! < next[t]!) t = i;
    const invoke = next[t]!;
    if (invoke >= endMs) break;
    const f = t < cfg.nodeCount ? "read" : rng.int(0, 3) === 0 ? "write" : "cas";
    const timedOut = rng.next() < cfg.infoChance;
    const complete = timedOut ? invoke + cfg.timeoutMs : invoke + exp(cfg.latencyMs);
    const at = timedOut && rng.next() < 0.5 ? null : invoke + rng.next() * (complete - invoke);
    const v = () => rng.int(0, 5);
    const arg = f === "read" ? null : f === "write" ? v() : [v(), v()];
    planned.push({ thread: t, process: process[t]!, key, f, arg, invoke, complete, at, timedOut });
    next[t] = complete + exp(gapMean);
    // lin-kv fails a timed-out read (reads are idempotent); a write or cas is left info, and its thread takes a new process.
    if (timedOut && f !== "read") {
      process[t]! += threads;
      if (new Set([...used, ...process]).size > PROCESSES_PER_KEY) {
        key++;
        used = new Set(process);
      } else used.add(process[t]!);
    }
  }

  // Apply each op at its moment to its key's register, deciding reads and cas.
  const registers = new Map<number, number | null>();
  const result = new Map<Planned, { type: OpType; value: unknown }>();
  for (const p of [...planned].filter((p) => p.at !== null).sort((a, b) => a.at! - b.at!)) {
    const cur = registers.get(p.key) ?? null;
    if (p.f === "read") {
      result.set(p, cur === null ? { type: "fail", value: [p.key, null] } : { type: "ok", value: [p.key, cur] });
    } else if (p.f === "write") {
      registers.set(p.key, p.arg as number);
    } else {
      const [from, to] = p.arg as [number, number];
      if (cur === from) registers.set(p.key, to);
      else result.set(p, { type: "fail", value: [p.key, p.arg] });
    }
  }

  const events: { time: number; seq: number; op: Omit<Op, "index" | "time"> }[] = [];
  planned.forEach((p, i) => {
    const value = [p.key, p.arg];
    events.push({ time: p.invoke, seq: 2 * i, op: { type: "invoke", process: p.process, f: p.f, value } });
    const done = p.timedOut ? { type: p.f === "read" ? ("fail" as const) : ("info" as const), value, error: "net-timeout" } : (result.get(p) ?? { type: "ok" as const, value });
    events.push({ time: p.complete, seq: 2 * i + 1, op: { process: p.process, f: p.f, ...done } });
  });
  events.sort((a, b) => a.time - b.time || a.seq - b.seq);
  return events.map((e, index) => ({ index, time: Math.round(e.time * 1e6), ...e.op }) as Op);
}

/**
 * One key crowded with indeterminate ops, the search's worst case: `infos`
 * writes and cas of random values (0..4), all timed out at the start, then
 * `steps` steps of up to 12 concurrent writes and reads completing in random
 * order on a real register. Linearizable by construction (the info ops may
 * never have happened); the search must still consider every way the info
 * ops could have taken effect.
 */
export function crowdedKeyHistory(seed: number, infos = 40, steps = 20_000): Op[] {
  const rng = seededRng(deriveSeed(seed, "crowded-key"));
  const ops: Op[] = [];
  const push = (o: Omit<Op, "index" | "time">) => ops.push({ index: ops.length, time: ops.length * 1_000_000, ...o } as Op);
  let process = 1000;
  for (let i = 0; i < infos; i++) {
    const cas = rng.int(0, 2) === 1;
    const value = [0, cas ? [rng.int(0, 5), rng.int(0, 5)] : rng.int(0, 5)];
    const f = cas ? "cas" : "write";
    push({ type: "invoke", process, f, value });
    push({ type: "info", process: process++, f, value, error: "net-timeout" });
  }
  let register: number | null = null;
  const pending: { process: number; f: string; value: [number, number | null] }[] = [];
  for (let i = 0; i < steps; i++) {
    if (pending.length < 12 && rng.next() < 0.5) {
      const write = rng.next() < 0.5;
      const o = { process: process++, f: write ? "write" : "read", value: [0, write ? rng.int(0, 5) : null] as [number, number | null] };
      push({ type: "invoke", ...o });
      pending.push(o);
    } else if (pending.length > 0) {
      // Each op takes effect as it completes, so completion order is a linearization.
      const o = pending.splice(rng.int(0, pending.length), 1)[0]!;
      if (o.f === "write") register = o.value[1];
      push({ type: o.f === "read" && register === null ? "fail" : "ok", ...o, value: o.f === "read" ? [0, register] : o.value });
    }
  }
  return ops;
}
