// A stored run's history.jsonl, read back into ops for the checkers, or the
// first line that is not an op: analyze judges whole histories only.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Op } from "../../../maelstrom-workloads/model/op.js";
import { readFirstJsonValue } from "../../../maelstrom-workloads/run/first-json-value.js";
import { shownValue } from "./shown-value.js";

export type StoredHistory = { ok: true; ops: Op[] } | { ok: false; line: number; reason: string };

const OP_TYPES: ReadonlySet<unknown> = new Set(["invoke", "ok", "fail", "info"]);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Reads history.jsonl a line at a time (a long broadcast run's history is
 * larger than one string can be). Each line must be one JSON object shaped
 * as the harness writes an op (model/op.ts): index (its position, from 0),
 * time, type, process, f, and optional value, error, exception and final. An
 * integer beyond ±(2^53−1) is read exactly (a BigInt), as the run held it.
 * Blank lines are skipped. The first other line ends the reading, named by its
 * number (from 1) and why.
 */
export async function readStoredHistory(path: string): Promise<StoredHistory> {
  const ops: Op[] = [];
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of lines) {
      n++;
      if (line.trim() === "") continue;
      const why = opProblem(line, ops.length);
      if (typeof why === "string") return { ok: false, line: n, reason: why };
      ops.push(why.op);
    }
  } finally {
    lines.close();
  }
  return { ok: true, ops };
}

function opProblem(line: string, position: number): string | { op: Op } {
  const read = readFirstJsonValue(line);
  if (!read.ok) return `not JSON (${read.reason})`;
  if (line.slice(read.end).trim() !== "") return `something follows the JSON value (at character ${read.end + 1})`;
  const o = read.value;
  if (!isObject(o)) return `not a JSON object (an op is {"index", "time", "type", "process", "f", ...})`;
  if (o.index !== position) return `"index" is ${shownValue(o.index)}, expected ${position} (the ops are in order, from 0; blank lines do not count)`;
  if (typeof o.time !== "number" || !Number.isFinite(o.time)) return `"time" should be a number (ns), got ${shownValue(o.time)}`;
  if (!OP_TYPES.has(o.type)) return `"type" should be "invoke", "ok", "fail" or "info", got ${shownValue(o.type)}`;
  if (o.process !== "nemesis" && !(Number.isSafeInteger(o.process) && (o.process as number) >= 0)) return `"process" should be a whole number >= 0 or "nemesis", got ${shownValue(o.process)}`;
  if (typeof o.f !== "string") return `"f" should be a string, got ${shownValue(o.f)}`;
  if (o.exception !== undefined && typeof o.exception !== "string") return `"exception" should be a string, got ${shownValue(o.exception)}`;
  if (o.final !== undefined && typeof o.final !== "boolean") return `"final" should be true or false, got ${shownValue(o.final)}`;
  return { op: o as unknown as Op };
}
