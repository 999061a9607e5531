import type { Op } from "../../model/op.js";
import { CYCLE_SEARCH_BUDGET } from "../elle/cycle-anomalies.js";
import { CYCLE_SPECS, classifyCycle, searchCycle, type CycleStep } from "../elle/cycle-search.js";
import { DepGraph, REALTIME, WR } from "../elle/dep-graph.js";
import { addRealtimeEdges } from "../elle/order-edges.js";
import { stronglyConnected } from "../elle/scc.js";
import type { Txn } from "../elle/txns.js";
import { type KafkaOp, type OpRef, opName, opRef } from "./history.js";
import type { Analysis } from "./version-orders.js";

export interface KafkaCycle {
  /** The ops of the cycle, in its order. */
  cycle: OpRef[];
  /** Each edge: its ends, "wr" or "realtime", and why it exists. */
  steps: { from: number; to: number; type: "wr" | "realtime"; why: string }[];
  explanation: string;
}

/**
 * The cycle searches a graph of write->read and real-time edges can satisfy
 * (Jepsen's kafka checker asks Elle for strict-serializable; without ww
 * edges, which Maelstrom does not ask for, only these two can be found).
 */
const SPECS = CYCLE_SPECS.filter((s) => s.name === "G1c" || s.name === "G1c-realtime");

/**
 * Jepsen's cycle check of the kafka workload: Elle's search over a graph
 * whose vertices are the ok and info sends and polls, with a write->read edge
 * from each send to each poll that read its message and real-time edges
 * (one op completed before the other was invoked). With sends and polls as
 * separate ops, every cycle has a poll that read a message before its send
 * was invoked (a read from the future): a G1c-realtime. Such reads are
 * looked for first, and the graph is built only when one exists (or when an
 * op both sends and polls, as a transaction would). Reads whose writer is
 * missing (no-writer-of-value) or failed (G1a) draw no edge. Returns the
 * anomalies by Elle's name: one cycle per strongly connected component and
 * search, the shortest first found, as Elle reports them.
 */
export function cycleAnomalies(a: Analysis, history: readonly Op[], budget: number = CYCLE_SEARCH_BUDGET): Record<string, unknown[]> {
  const invokeOf = invokeIndexes(history);
  const vertices = a.ops.filter((k) => k.op.type !== "fail" && invokeOf.has(k.op.index));
  const mixed = vertices.some((k) => k.sends.length > 0 && k.reads.size > 0);
  if (!mixed && !readsFromTheFuture(a, vertices, invokeOf)) return {};
  const edges = wrEdges(a, vertices);

  const id = new Map(vertices.map((k, i) => [k.op, i]));
  const txns: Txn[] = vertices.map((k, i) => ({
    id: i,
    index: k.op.index,
    invokeIndex: invokeOf.get(k.op.index)!,
    process: k.op.process as number,
    type: k.op.type as Txn["type"],
    mops: [],
    invokeTime: 0,
    completeTime: k.op.time,
  }));
  const g = new DepGraph(vertices.length);
  for (const e of edges) {
    g.link(id.get(e.writer.op)!, id.get(e.reader.op)!, WR, (x, y) => `${x} sent ${e.msg} to key ${e.key}, which ${y} polled at offset ${e.offset}`);
  }
  addRealtimeEdges(g, txns);

  const out: Record<string, unknown[]> = {};
  const add = (name: string, evidence: unknown) => (out[name] ??= []).push(evidence);
  for (const scc of stronglyConnected(g, WR | REALTIME)) {
    for (const spec of SPECS) {
      const r = searchCycle(g, scc, spec, budget);
      if (r === null) continue;
      if ("exhausted" in r) {
        add("cycle-search-timeout", { "anomaly-spec-type": spec.name, "scc-size": scc.length, explanation: `Gave up looking for a ${spec.name} cycle among ${scc.length} ops after ${budget} search steps` });
        continue;
      }
      add(classifyCycle(r.found), evidence(g, vertices, r.found, invokeOf));
    }
  }
  return out;
}

interface WrEdge {
  writer: KafkaOp;
  reader: KafkaOp;
  key: string;
  msg: string;
  offset: number;
}

/** A write->read edge per (send, poll, key, message) read, writer and reader both vertices, writer not the reader. */
function wrEdges(a: Analysis, vertices: readonly KafkaOp[]): WrEdge[] {
  const byOp = new Map(vertices.map((k) => [k.op, k]));
  const out: WrEdge[] = [];
  for (const reader of vertices) {
    for (const [key, pairs] of reader.reads) {
      const writers = a.writerOf.get(key);
      for (const [offset, msg] of pairs) {
        const w = writers?.get(msg);
        const writer = w && byOp.get(w);
        if (writer && writer !== reader) out.push({ writer, reader, key, msg, offset });
      }
    }
  }
  return out;
}

/** Whether some poll completed before a send whose message it read was invoked. */
function readsFromTheFuture(a: Analysis, vertices: readonly KafkaOp[], invokeOf: ReadonlyMap<number, number>): boolean {
  for (const reader of vertices) {
    for (const [key, pairs] of reader.reads) {
      const writers = a.writerOf.get(key);
      for (const [, msg] of pairs) {
        const w = writers?.get(msg);
        if (w && w.type !== "fail" && reader.op.index < (invokeOf.get(w.index) ?? -1)) return true;
      }
    }
  }
  return false;
}

/** Completion index -> its invocation's index (each process runs one op at a time). */
function invokeIndexes(history: readonly Op[]): Map<number, number> {
  const pending = new Map<number | "nemesis", number>();
  const out = new Map<number, number>();
  for (const op of history) {
    if (op.process === "nemesis") continue;
    if (op.type === "invoke") pending.set(op.process, op.index);
    else if (pending.has(op.process)) {
      out.set(op.index, pending.get(op.process)!);
      pending.delete(op.process);
    }
  }
  return out;
}

/** Edges of a cycle the explanation lists (the middle of a longer one is elided; steps holds them all). */
const CHAIN_SHOWN = 12;

function evidence(g: DepGraph, vertices: readonly KafkaOp[], steps: readonly CycleStep[], invokeOf: ReadonlyMap<number, number>): KafkaCycle {
  const name = (i: number) => `op ${vertices[i]!.op.index}`;
  const edges = steps.map((s) => {
    const type = s.rel === WR ? ("wr" as const) : ("realtime" as const);
    const why = g.why(s.from, s.to, s.rel);
    return { from: vertices[s.from]!.op.index, to: vertices[s.to]!.op.index, type, why: why ? why(name(s.from), name(s.to)) : `${name(s.from)} -${type}-> ${name(s.to)}` };
  });
  const cycle = steps.map((s) => vertices[s.from]!.op);
  const future = steps.find((s) => s.rel === WR && vertices[s.to]!.op.index < invokeOf.get(vertices[s.from]!.op.index)!);
  const lead = future
    ? `${opName(vertices[future.to]!.op)} completed at index ${vertices[future.to]!.op.index}, before ${opName(vertices[future.from]!.op)} was invoked at index ${invokeOf.get(vertices[future.from]!.op.index)}, yet ${g.why(future.from, future.to, WR)!(name(future.from), name(future.to))}: a read from the future. `
    : "";
  const chain = edges.map((e) => `op ${e.from} -${e.type}->`);
  const shown = chain.length <= CHAIN_SHOWN ? chain : [...chain.slice(0, CHAIN_SHOWN / 2), `... ${chain.length - CHAIN_SHOWN} more edges ...`, ...chain.slice(-CHAIN_SHOWN / 2)];
  return {
    cycle: cycle.map(opRef),
    steps: edges,
    explanation: `${lead}The cycle (${edges.length} edges, each with its reason in steps): ${shown.join(" ")} op ${edges[0]!.from}.${
      edges.length <= CHAIN_SHOWN ? ` Because: ${edges.map((e) => e.why).join("; ")}.` : ""
    }`,
  };
}
