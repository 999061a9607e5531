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

/**
 * One fault as it held, for reports that shade it: a node killed (from its
 * announcement to its `started` record) or paused; one partition (the grudge
 * in force, which ends when the next grudge or the heal is recorded); one
 * level of message loss or latency factor while a loss or latency fault was
 * in force. Times in ms; `to` is Infinity while it was never undone.
 */
export interface FaultRecord extends Span {
  kind: "partition" | "kill" | "pause" | "loss" | "latency";
  /** The node killed or paused; for a partition, every node it cut from someone; empty for loss and latency. */
  nodes: string[];
  /** A partition's grudge: receiver -> the sources whose messages it drops. */
  grudge?: Record<string, string[]>;
  /** A partition's shape from its start-partition invocation ("majority", "bridge", ...), when recorded. */
  shape?: string;
  /** The loss probability in force. */
  loss?: number;
  /** The latency factor in force. */
  factor?: number;
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
  /** Every fault as it held, by start time (kills and pauses one per node). */
  faults: FaultRecord[];
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
  const records: FaultRecord[] = [];
  // The record of each kind in force: a new level or grudge closes it.
  const current = new Map<FaultRecord["kind"], FaultRecord>();
  const close = (kind: FaultRecord["kind"], at: number) => {
    const r = current.get(kind);
    if (r) r.to = at;
    current.delete(kind);
  };
  const begin = (r: FaultRecord) => {
    close(r.kind, r.from);
    records.push(r);
    current.set(r.kind, r);
  };
  let shape: string | undefined;
  // Loss and latency faults in force, counted from their invocations (a number
  // starts or ends one, "all" ends them all): a completion's level stays
  // shaded only while one is in force, so a heal back to the run's --loss
  // shades nothing.
  const depth = { loss: 0, latency: 0 };
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
    } else if (op.f === "start-partition" && typeof v === "string" && v !== "network-healed") {
      shape = v;
    } else if ((op.f === "start-partition" || op.f === "stop-partition") && (v === "network-healed" || (Array.isArray(v) && v[0] === "isolated"))) {
      for (const id of cut) hidden.end(id, t);
      cut = [];
      close("partition", t);
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
        const grudge = Object.fromEntries(Object.entries(g).map(([k, srcs]) => [k, Array.isArray(srcs) ? srcs.map(String) : []]));
        // A grudge left in force by a stop-partition is the union of those still in force: no one shape.
        const named = op.f === "start-partition" ? shape : undefined;
        begin({ kind: "partition", from: t, to: Infinity, nodes: [...hit].sort(), grudge, ...(named === undefined ? {} : { shape: named }) });
      }
      shape = undefined;
    } else if ((op.f === "start-loss" || op.f === "stop-loss") && isObject(v) && typeof v.loss === "number") {
      if (v.loss >= HEAVY_LOSS) hidden.start(`${GLOBAL}loss`, t);
      else hidden.end(`${GLOBAL}loss`, t);
      close("loss", t);
      if (depth.loss > 0 && v.loss > 0) begin({ kind: "loss", from: t, to: Infinity, nodes: [], loss: v.loss });
    } else if ((op.f === "start-latency" || op.f === "stop-latency") && isObject(v) && typeof v["latency-factor"] === "number") {
      if (v["latency-factor"] > 1) hidden.start(`${GLOBAL}latency`, t);
      else hidden.end(`${GLOBAL}latency`, t);
      close("latency", t);
      if (depth.latency > 0 && v["latency-factor"] !== 1) begin({ kind: "latency", from: t, to: Infinity, nodes: [], factor: v["latency-factor"] });
    } else if (op.f === "start-loss" || op.f === "start-latency") {
      depth[op.f === "start-loss" ? "loss" : "latency"] += 1;
    } else if (op.f === "stop-loss" || op.f === "stop-latency") {
      const k = op.f === "stop-loss" ? "loss" : "latency";
      depth[k] = v === "all" ? 0 : Math.max(0, depth[k] - 1);
    }
  }

  const downs = down.all();
  const pauses = paused.all();
  for (const [kind, spans] of [["kill", downs], ["pause", pauses]] as const) {
    for (const [id, list] of spans) for (const sp of list) records.push({ kind, from: sp.from, to: sp.to, nodes: [id] });
  }
  records.sort((a, b) => a.from - b.from);
  const hides = hidden.all();
  const everyone = [...hides.entries()].filter(([k]) => k.startsWith(GLOBAL)).flatMap(([, s]) => s);
  const outOfService = new Map<string, Span[]>();
  const hiddenBy = new Map<string, Span[]>();
  for (const id of nodes) {
    outOfService.set(id, [...(downs.get(id) ?? []), ...(pauses.get(id) ?? [])]);
    hiddenBy.set(id, [...(hides.get(id) ?? []), ...everyone]);
  }
  return { kills, outOfService, hidden: hiddenBy, nemesisTimes, lastHealMs: nemesisTimes.length ? nemesisTimes[nemesisTimes.length - 1] : undefined, faults: records };
}

/** Whether any span overlaps [from, to], each span stretched by `graceMs` at its end. */
export function overlaps(spans: readonly Span[] | undefined, from: number, to: number, graceMs = 0): boolean {
  return (spans ?? []).some((s) => s.from <= to && s.to + graceMs >= from);
}
