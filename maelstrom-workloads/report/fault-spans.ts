import { faultTimeline, type FaultRecord } from "../checkers/membership-faults.js";
import type { Op } from "../model/op.js";
import type { FaultSpan } from "./report-types.js";

const byName = (a: string, b: string) => a.localeCompare(b, "en", { numeric: true });

/**
 * The sides of a grudge when it splits the nodes cleanly: every pair on
 * different sides drops each other's messages both ways and no pair on the
 * same side drops anything (what the majority, minority and isolate shapes
 * make); undefined otherwise (bridge, ring, one-way cuts).
 */
export function partitionSides(grudge: Record<string, string[]>, nodes: readonly string[]): string[][] | undefined {
  const all = [...new Set([...nodes, ...Object.keys(grudge), ...Object.values(grudge).flat()])].sort(byName);
  const drops = (dest: string, src: string) => (grudge[dest] ?? []).includes(src);
  const sides: string[][] = [];
  for (const id of all) {
    const side = sides.find((s) => !drops(id, s[0]!) && !drops(s[0]!, id));
    if (side) side.push(id);
    else sides.push([id]);
  }
  if (sides.length < 2) return undefined;
  for (const a of all) {
    for (const b of all) {
      if (a === b) continue;
      const same = sides.some((s) => s.includes(a) && s.includes(b));
      if (same === drops(a, b)) return undefined;
    }
  }
  return sides;
}

/** "n0 n1 n4 | n2 n3" for a clean split; "n0 drops n2,n3; n2 drops n0" for any other grudge. */
function partitionLabel(r: FaultRecord, nodes: readonly string[]): string {
  const g = r.grudge ?? {};
  const sides = partitionSides(g, nodes);
  const what = sides
    ? sides.map((s) => s.join(" ")).join(" | ")
    : Object.entries(g)
        .filter(([, srcs]) => srcs.length > 0)
        .sort(([a], [b]) => byName(a, b))
        .map(([dest, srcs]) => `${dest} drops ${[...srcs].sort(byName).join(",")}`)
        .join("; ");
  return `partition${r.shape && r.shape !== "custom" ? ` ${r.shape}` : ""} ${what || "(cuts nothing)"}`;
}

function label(r: FaultRecord, nodes: readonly string[]): string {
  switch (r.kind) {
    case "partition":
      return partitionLabel(r, nodes);
    case "kill":
    case "pause":
      return `${r.kind} ${r.nodes.join(",")}`;
    case "loss":
      return `loss ${Number(((r.loss ?? 0) * 100).toFixed(4))}%`;
    case "latency":
      return `latency x${r.factor ?? "?"}`;
  }
}

// faultTimeline keeps ms; the report keeps the history's ns.
const ns = (ms: number) => (ms === Infinity ? Infinity : Math.round(ms * 1e6));

/**
 * The faults in force over a history, from its nemesis ops (as
 * faultTimeline reads them), by start time: one span per partition grudge
 * while it held (a new grudge or the heal ends it), per node killed (from
 * the kill's announcement to its `started` record) or paused, and per level
 * of loss or latency factor while such a fault was in force. A span never
 * undone runs to Infinity.
 */
export function faultSpans(history: readonly Op[], nodes: readonly string[]): FaultSpan[] {
  return faultTimeline(history, nodes).faults.map((r) => ({
    kind: r.kind,
    fromNs: ns(r.from),
    toNs: ns(r.to),
    nodes: [...r.nodes],
    label: label(r, nodes),
  }));
}
