import type { Op } from "../model/op.js";

/** A half-open span of history time, in ms: [from, to). `to` is Infinity while the fault was never undone. */
export interface Span {
  from: number;
  to: number;
}

/** One node killed, from the nemesis's `{node: "killed"}` record. */
export interface Kill {
  node: string;
  /** The `killed` record: the node is off the network from here. */
  atMs: number;
  /** The kill's first record (the nemesis takes the node off the network right after it). */
  announcedMs: number;
  /** The `start` record that began its restart (before the new instance's init); Infinity when it never restarted. */
  restartMs: number;
  index: number;
}

/** What the nemesis ops of a history say, for the membership checker. */
export interface FaultTimeline {
  kills: Kill[];
  /** Per node: when it was killed or paused (it could neither answer nor judge anyone). */
  outOfService: Map<string, Span[]>;
  /** Per node: when the network hid it from some node (a partition cutting it from anyone, either way), or heavy loss or slowness hid everyone. */
  hidden: Map<string, Span[]>;
  /** The time of every nemesis record, ascending. */
  nemesisTimes: number[];
  /** The last nemesis record (in the final phase, the last heal); undefined when the run had no faults. */
  lastHealMs: number | undefined;
}

/** A loss fault at or above this probability counts as hiding every node: SWIM's direct and indirect probes then mostly fail. */
export const HEAVY_LOSS = 0.5;

const ms = (op: Op) => op.time / 1e6;
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

class Spans {
  readonly open = new Map<string, number>();
  readonly closed = new Map<string, Span[]>();
  start(key: string, at: number): void {
    if (!this.open.has(key)) this.open.set(key, at);
  }
  end(key: string, at: number): void {
    const from = this.open.get(key);
    if (from === undefined) return;
    this.open.delete(key);
    this.add(key, { from, to: at });
  }
  add(key: string, s: Span): void {
    const list = this.closed.get(key) ?? [];
    list.push(s);
    this.closed.set(key, list);
  }
  /** Every span, the open ones running to Infinity. */
  all(): Map<string, Span[]> {
    for (const [k, from] of this.open) this.add(k, { from, to: Infinity });
    this.open.clear();
    return this.closed;
  }
}

/**
 * Reads the nemesis records of a history as the harness writes them (the
 * kill, pause and partition packages and fault schedules): `kill` / `start`
 * with `{node: "killed" | "started"}`, `pause` / `resume` with `{node:
 * "paused" | "resumed"}`, `["isolated", grudge]` and `"network-healed"` on
 * start-partition and stop-partition, `{loss}` and `{"latency-factor"}` on
 * the loss and latency faults. A grudge cuts a node off when it drops
 * anyone's messages or anyone drops its. Loss at HEAVY_LOSS or more, and any
 * latency factor above 1, hide every node while in force.
 */
export function faultTimeline(history: readonly Op[], nodes: readonly string[]): FaultTimeline {
  const kills: Kill[] = [];
  const down = new Spans();
  const paused = new Spans();
  const hidden = new Spans();
  const open = new Map<string, Kill>();
  let killAnnounced = 0;
  let startAnnounced = 0;
  let cut: string[] = [];
  const nemesisTimes: number[] = [];
  const GLOBAL = "\u0000all";

  for (const op of history) {
    if (op.process !== "nemesis") continue;
    const t = ms(op);
    nemesisTimes.push(t);
    const v = op.value;
    if (op.f === "kill") {
      if (!isObject(v)) killAnnounced = t;
      else {
        for (const [id, what] of Object.entries(v)) {
          if (what !== "killed") continue;
          const k: Kill = { node: id, atMs: t, announcedMs: killAnnounced || t, restartMs: Infinity, index: op.index };
          kills.push(k);
          open.set(id, k);
          down.start(id, killAnnounced || t);
          // A kill ends a pause: the kill package and fault schedules kill
          // paused nodes too and record no `resumed` for them, and the
          // instance started later runs unpaused.
          paused.end(id, t);
        }
        killAnnounced = 0; // used: a later record without its own announcement takes its own time
      }
    } else if (op.f === "start") {
      if (!isObject(v)) startAnnounced = t;
      else {
        for (const [id, what] of Object.entries(v)) {
          if (what !== "started") continue;
          const k = open.get(id);
          if (k) k.restartMs = startAnnounced || t;
          open.delete(id);
          down.end(id, t);
        }
        startAnnounced = 0;
      }
    } else if (op.f === "pause" && isObject(v)) {
      for (const [id, what] of Object.entries(v)) if (what === "paused") paused.start(id, t);
    } else if (op.f === "resume" && isObject(v)) {
      for (const [id, what] of Object.entries(v)) if (what === "resumed") paused.end(id, t);
    } else if ((op.f === "start-partition" || op.f === "stop-partition") && (v === "network-healed" || (Array.isArray(v) && v[0] === "isolated"))) {
      for (const id of cut) hidden.end(id, t);
      cut = [];
      if (Array.isArray(v) && isObject(v[1])) {
        const g = v[1] as Record<string, unknown>;
        const hit = new Set<string>();
        for (const [receiver, sources] of Object.entries(g)) {
          if (!Array.isArray(sources) || sources.length === 0) continue;
          hit.add(receiver);
          for (const s of sources) hit.add(String(s));
        }
        cut = [...hit];
        for (const id of cut) hidden.start(id, t);
      }
    } else if ((op.f === "start-loss" || op.f === "stop-loss") && isObject(v) && typeof v.loss === "number") {
      if (v.loss >= HEAVY_LOSS) hidden.start(`${GLOBAL}loss`, t);
      else hidden.end(`${GLOBAL}loss`, t);
    } else if ((op.f === "start-latency" || op.f === "stop-latency") && isObject(v) && typeof v["latency-factor"] === "number") {
      if (v["latency-factor"] > 1) hidden.start(`${GLOBAL}latency`, t);
      else hidden.end(`${GLOBAL}latency`, t);
    }
  }

  const downs = down.all();
  const pauses = paused.all();
  const hides = hidden.all();
  const everyone = [...hides.entries()].filter(([k]) => k.startsWith(GLOBAL)).flatMap(([, s]) => s);
  const outOfService = new Map<string, Span[]>();
  const hiddenBy = new Map<string, Span[]>();
  for (const id of nodes) {
    outOfService.set(id, [...(downs.get(id) ?? []), ...(pauses.get(id) ?? [])]);
    hiddenBy.set(id, [...(hides.get(id) ?? []), ...everyone]);
  }
  return { kills, outOfService, hidden: hiddenBy, nemesisTimes, lastHealMs: nemesisTimes.length ? nemesisTimes[nemesisTimes.length - 1] : undefined };
}

/** Whether any span overlaps [from, to], each span stretched by `graceMs` at its end. */
export function overlaps(spans: readonly Span[] | undefined, from: number, to: number, graceMs = 0): boolean {
  return (spans ?? []).some((s) => s.from <= to && s.to + graceMs >= from);
}
