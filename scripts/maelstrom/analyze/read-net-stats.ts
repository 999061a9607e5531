// The net checker's counts, rebuilt from a stored run's journal.jsonl: the
// run fed NetStats each event as it journaled it, and this feeds it the
// same events read back, so the counts are the run's.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { type NetEvent, NetStats } from "../../../maelstrom-workloads/checkers/net-stats.js";
import { DROP_WHYS, type DropWhy } from "../../../maelstrom-workloads/model/journal-event.js";
import { shownValue } from "./shown-value.js";

export type StoredNetStats = { ok: true; stats: NetStats; events: number } | { ok: false; line: number; reason: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Reads journal.jsonl a line at a time into a NetStats. Every line must be a
 * journal event (model/journal-event.ts): "type" send, recv or drop (a drop
 * with its "why"), and a "message" with a whole-number "id" and string "src"
 * and "dest" (the body is not read). Blank lines are skipped; the first other
 * line ends the reading, named by its number (from 1) and why: counts over
 * part of a journal would be wrong without saying so.
 */
export async function readNetStats(path: string): Promise<StoredNetStats> {
  const stats = new NetStats();
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  let n = 0;
  let events = 0;
  try {
    for await (const line of lines) {
      n++;
      if (line.trim() === "") continue;
      const e = netEvent(line);
      if (typeof e === "string") return { ok: false, line: n, reason: e };
      stats.add(e);
      events++;
    }
  } finally {
    lines.close();
  }
  return { ok: true, stats, events };
}

function netEvent(line: string): NetEvent | string {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (e) {
    return `not JSON (${(e as Error).message})`;
  }
  if (!isObject(v)) return "not a JSON object (a journal event is {\"id\", \"time\", \"type\", \"message\"})";
  const m = v.message;
  if (!isObject(m) || !Number.isSafeInteger(m.id) || typeof m.src !== "string" || typeof m.dest !== "string") return `"message" should be {"id": a whole number, "src": a string, "dest": a string, ...}`;
  const message = { id: m.id as number, src: m.src, dest: m.dest };
  if (v.type === "send" || v.type === "recv") return { type: v.type, message };
  if (v.type === "drop") {
    if (!(DROP_WHYS as readonly unknown[]).includes(v.why)) return `a drop's "why" should be one of ${DROP_WHYS.join(", ")}, got ${shownValue(v.why)}`;
    return { type: "drop", why: v.why as DropWhy, message };
  }
  return `"type" should be "send", "recv" or "drop", got ${shownValue(v.type)}`;
}
