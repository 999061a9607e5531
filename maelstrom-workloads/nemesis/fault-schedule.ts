import { z } from "zod";
import { MAX_TIMER_MS } from "../../lib/runtime/clock.js";
import { partitionKinds } from "./partition-grudge.js";

/**
 * A fault schedule: the faults of a run's main phase as data, each with its
 * time, kind, explicit targets and duration, so that a run replays exactly
 * (`--schedule FILE` on both hosts; `npm run sim -- search` writes them).
 * Ours: Maelstrom has no such thing.
 *
 * ```json
 * { "version": 1,
 *   "faults": [
 *     { "atMs": 4200, "forMs": 3100, "kind": "kill", "nodes": ["n2"] },
 *     { "atMs": 6000, "forMs": 5000, "kind": "partition", "shape": "majority", "sides": [["n1", "n2"], ["n3", "n4", "n5"]] },
 *     { "atMs": 9000, "forMs": 2000, "kind": "partition", "shape": "majorities-ring", "grudge": { "n1": ["n3", "n4"], "n2": ["n4", "n5"] } },
 *     { "atMs": 12000, "forMs": 2000, "kind": "pause", "nodes": ["n1", "n3"] },
 *     { "atMs": 15000, "forMs": 1000, "kind": "loss", "p": 0.5 },
 *     { "atMs": 15000, "forMs": 1000, "kind": "latency", "factor": 10 } ] }
 * ```
 *
 * Times are whole ms from the start of the main phase (after init and
 * setup); a fault is undone `forMs` later, or by the final phase's heal if
 * that comes first. See ScheduleNemesis for how overlapping faults combine.
 */
export const SCHEDULE_VERSION = 1;

export const FAULT_KINDS = ["partition", "kill", "pause", "loss", "latency"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** What a partition is called in the history and in words: one of the partition nemesis's kinds, or custom. */
export const PARTITION_SHAPES = [...partitionKinds, "custom"] as const;
export type PartitionShape = (typeof PARTITION_SHAPES)[number];

/** The largest latency factor a schedule may ask for: a sane maximum (a latency of 1 s becomes 1000 s). */
export const MAX_LATENCY_FACTOR = 1000;

const ms = (what: string, min: number) =>
  z
    .number({ error: `${what}: expected a whole number of ms` })
    .int({ error: `${what}: expected a whole number of ms` })
    .min(min, { error: `${what}: expected at least ${min} ms` })
    .max(MAX_TIMER_MS, { error: `${what}: expected at most ${MAX_TIMER_MS} ms (no wait in a run may exceed 2^31-1 ms)` });
const timing = { atMs: ms("atMs", 0), forMs: ms("forMs", 1) };
const nodeId = z.string({ error: "expected a node id (a string)" }).min(1, { error: "expected a node id, got an empty string" });
const nodeList = z.array(nodeId, { error: "expected a list of node ids" }).min(1, { error: "expected at least one node" });

const partitionShape = z.enum(PARTITION_SHAPES, { error: `shape: expected one of ${PARTITION_SHAPES.join(", ")}` });
const sidesPartition = z.strictObject({
  ...timing,
  kind: z.literal("partition"),
  shape: partitionShape.optional(),
  /** Each side hears only itself: a node drops every node of the other sides (nodes on no side are not cut off). */
  sides: z.array(nodeList, { error: "sides: expected a list of node lists" }).min(2, { error: "sides: expected at least two sides" }),
});
const grudgePartition = z.strictObject({
  ...timing,
  kind: z.literal("partition"),
  shape: partitionShape.optional(),
  /** receiver -> the sources it drops, as the partition nemesis records it. */
  grudge: z.record(z.string(), z.array(nodeId, { error: "grudge: expected a list of node ids for each receiver" }), { error: "grudge: expected an object of receiver -> sources it drops" }),
});
const killFault = z.strictObject({ ...timing, kind: z.literal("kill"), nodes: nodeList });
const pauseFault = z.strictObject({ ...timing, kind: z.literal("pause"), nodes: nodeList });
const lossFault = z.strictObject({
  ...timing,
  kind: z.literal("loss"),
  p: z.number({ error: "p: expected a probability" }).gt(0, { error: "p: expected a probability above 0 and at most 1" }).max(1, { error: "p: expected a probability above 0 and at most 1" }),
});
const latencyFault = z.strictObject({
  ...timing,
  kind: z.literal("latency"),
  factor: z
    .number({ error: "factor: expected a number" })
    .min(0, { error: `factor: expected a number from 0 to ${MAX_LATENCY_FACTOR}` })
    .max(MAX_LATENCY_FACTOR, { error: `factor: expected a number from 0 to ${MAX_LATENCY_FACTOR}` }),
});

export type SidesPartitionFault = z.infer<typeof sidesPartition>;
export type GrudgePartitionFault = z.infer<typeof grudgePartition>;
export type PartitionFault = SidesPartitionFault | GrudgePartitionFault;
export type KillFault = z.infer<typeof killFault>;
export type PauseFault = z.infer<typeof pauseFault>;
export type LossFault = z.infer<typeof lossFault>;
export type LatencyFault = z.infer<typeof latencyFault>;
export type Fault = PartitionFault | KillFault | PauseFault | LossFault | LatencyFault;

export interface FaultSchedule {
  version: typeof SCHEDULE_VERSION;
  /** Free text for the person reading the file (how it was found, say); no effect. */
  note?: string;
  faults: Fault[];
}

const SHAPES: Record<Exclude<FaultKind, "partition">, z.ZodType<Fault>> = {
  kill: killFault,
  pause: pauseFault,
  loss: lossFault,
  latency: latencyFault,
};

/** What a field holds, for "missing" messages. */
const EXPECTED: Record<string, string> = {
  atMs: "when the fault starts, in whole ms from the start of the main phase",
  forMs: "how long it lasts, in whole ms",
  nodes: 'the nodes it hits, such as ["n1"]',
  p: "the probability that a message between servers is lost, above 0 and at most 1",
  factor: "what each server-to-server latency is multiplied by, from 0 to 1000",
};

const envelope = z.strictObject({
  version: z.literal(SCHEDULE_VERSION, { error: `version: expected ${SCHEDULE_VERSION} (the only schedule format this harness reads)` }),
  note: z.string({ error: "note: expected text" }).optional(),
  faults: z.array(z.unknown(), { error: "faults: expected a list of faults" }),
});

/** A schedule that cannot be used, with the file and (where it is one fault's fault) the fault's index named in the message. */
export class ScheduleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScheduleError";
  }
}

/** The run a schedule must fit: its nodes and the length of its main phase. */
export interface ScheduleFit {
  nodes: readonly string[];
  /** The main phase's length (--time-limit), in ms. */
  timeLimitMs: number;
}

const q = JSON.stringify;

/** zod's first issue as "path: message"; the messages above already start with their field's name. */
function firstIssue(e: z.ZodError): string {
  const issue = e.issues[0]!;
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys") return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => q(k)).join(", ")}${path.length ? ` in ${path.join(".")}` : ""}`;
  const field = path.find((p) => !/^\d+$/.test(p));
  const msg = issue.message;
  if (field !== undefined && msg.startsWith(`${field}:`)) return path.length > 1 ? `${path.join(".")}: ${msg.slice(field.length + 1).trim()}` : msg;
  return path.length ? `${path.join(".")}: ${msg}` : msg;
}

/**
 * Reads a schedule's text. Throws a ScheduleError naming `file` and, for a
 * problem in one fault, its index and kind ("fault 2 (kill): nodes: ...").
 * With `fit`, also checks it against the run: every node named is one of the
 * run's, sides do not overlap, and every fault starts within the main phase.
 */
export function parseFaultSchedule(text: string, file: string, fit?: ScheduleFit): FaultSchedule {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ScheduleError(`${file}: not JSON: ${(e as Error).message}`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new ScheduleError(`${file}: expected a JSON object {"version": ${SCHEDULE_VERSION}, "faults": [...]}`);
  const top = envelope.safeParse(raw);
  if (!top.success) throw new ScheduleError(`${file}: ${firstIssue(top.error)}`);
  const faults = top.data.faults.map((f, i) => parseFault(f, i, file));
  const schedule: FaultSchedule = { version: SCHEDULE_VERSION, ...(top.data.note !== undefined ? { note: top.data.note } : {}), faults };
  if (fit) {
    const problem = scheduleProblem(schedule, fit);
    if (problem !== undefined) throw new ScheduleError(`${file}: ${problem}`);
  }
  return schedule;
}

function parseFault(f: unknown, i: number, file: string): Fault {
  const where = (kind?: string) => `${file}: fault ${i}${kind ? ` (${kind})` : ""}`;
  if (typeof f !== "object" || f === null || Array.isArray(f)) throw new ScheduleError(`${where()}: expected an object such as {"atMs": 1000, "forMs": 2000, "kind": "kill", "nodes": ["n1"]}`);
  const kind = (f as { kind?: unknown }).kind;
  if (typeof kind !== "string" || !(FAULT_KINDS as readonly string[]).includes(kind)) {
    throw new ScheduleError(`${where()}: kind: expected one of ${FAULT_KINDS.join(", ")}, got ${kind === undefined ? "nothing" : q(kind)}`);
  }
  if (kind === "partition" && "sides" in f === "grudge" in f) {
    throw new ScheduleError(`${where(kind)}: expected exactly one of sides (a list of node lists) and grudge (receiver -> sources it drops)`);
  }
  const shape = kind === "partition" ? ("sides" in f ? sidesPartition : grudgePartition) : SHAPES[kind as Exclude<FaultKind, "partition">];
  const parsed = shape.safeParse(f);
  if (!parsed.success) {
    const key = parsed.error.issues[0]!.path[0];
    const missing = parsed.error.issues[0]!.path.length === 1 && typeof key === "string" && !(key in f);
    throw new ScheduleError(`${where(kind)}: ${missing ? `${key}: missing (${EXPECTED[key] ?? "see the format"})` : firstIssue(parsed.error)}`);
  }
  return parsed.data;
}

/** Why a well-formed schedule does not fit the run (the first problem, naming the fault's index), or undefined. */
export function scheduleProblem(s: FaultSchedule, fit: ScheduleFit): string | undefined {
  const known = new Set(fit.nodes);
  const unknown = (ids: readonly string[]) => ids.find((id) => !known.has(id));
  for (const [i, f] of s.faults.entries()) {
    const where = `fault ${i} (${f.kind})`;
    if (f.atMs >= fit.timeLimitMs) return `${where}: atMs ${f.atMs} is not within the main phase, which is ${fit.timeLimitMs} ms (--time-limit); expected at most ${fit.timeLimitMs - 1}`;
    let named: string[] = [];
    if (f.kind === "kill" || f.kind === "pause") named = f.nodes;
    if (f.kind === "partition" && "sides" in f) named = f.sides.flat();
    if (f.kind === "partition" && "grudge" in f) named = [...Object.keys(f.grudge), ...Object.values(f.grudge).flat()];
    const bad = unknown(named);
    if (bad !== undefined) return `${where}: ${q(bad)} is not a node of this run (${fit.nodes.join(", ")})`;
    if (new Set(named).size !== named.length && f.kind !== "partition") return `${where}: nodes: a node is named twice`;
    if (f.kind === "partition" && "sides" in f && new Set(named).size !== named.length) return `${where}: sides: a node is on two sides (or twice on one)`;
  }
  return undefined;
}

/** The schedule as its file holds it: the version first, one fault per line, so a diff of two schedules reads fault by fault. */
export function formatScheduleFile(s: FaultSchedule): string {
  const head = `{\n  "version": ${s.version},\n${s.note !== undefined ? `  "note": ${q(s.note)},\n` : ""}  "faults": [`;
  const body = s.faults.map((f) => `\n    ${JSON.stringify(f)}`).join(",");
  return `${head}${body}${s.faults.length ? "\n  " : ""}]\n}\n`;
}
