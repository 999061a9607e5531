import { readFile, realpath, stat } from "node:fs/promises";
import { commandName } from "../../maelstrom-workloads/options/command-name.js";
import { join, resolve } from "node:path";
import { LATEST_LINK, RUN_FILES, readTestJson } from "../../maelstrom-workloads/model/store-format.js";
import { recordedRequests, type ReplyOrigin } from "./recorded-requests.js";
import { replyBeforeNextInput } from "./reply-timing.js";
import { UsageError } from "./usage.js";

/** One line of a run's journal.jsonl, as far as replay needs it (a drop, which has a `why` too, is read and never replayed). */
export interface JournalEvent {
  type: "send" | "recv" | "drop";
  /** Nanoseconds since the run began (a journal without times reads as all at 0). */
  time?: number;
  message: { src: string; dest: string; body: Record<string, unknown>; [key: string]: unknown };
}

/** What a stored run gives replay: the input for one node, and how the run started it. */
export interface StoredRun {
  /** The run directory, as the user wrote it, and its real path (store/latest resolved). */
  shownDir: string;
  dir: string;
  node: string;
  /** The messages delivered to `node`, in journal order, as JSON lines (with Maelstrom's `id`). */
  lines: string[];
  /** When each of `lines` was delivered, in ms after the first of them. */
  atMs: number[];
  /** When the run's journal ends (its last event), in ms after the first of `lines`. */
  endMs: number;
  /** For each of `lines` that is a reply to a request of the node's own, which request (by position). */
  origins: (ReplyOrigin | undefined)[];
  /** For each of `lines`: whether step mode may wait for the node's reply to it before sending the next (see replyBeforeNextInput). */
  replyBeforeNext: boolean[];
  /** The lines (1-based) that are an init: more than one means the recorded node was killed and started again. */
  initLines: number[];
  /** How many requests of its own (a msg_id and no in_reply_to) the node sent in the run, by type. */
  requestsSent: Map<string, number>;
  /** test.json's `bin` and `bin-args`; bin is null when test.json has none. */
  bin: string | null;
  binArgs: string[];
  /** Oddities worth a line in the report (a cut-off last journal line, a key of test.json of the wrong type). */
  notes: string[];
}

/**
 * Reads a stored run (a run directory, or a `latest` link to one; a store or
 * workload directory means its `latest`) and takes, in journal order, every
 * message delivered to `node`. `node` may be left out when the run had one
 * node. Throws UsageError naming what is wrong and what to give instead.
 */
export async function loadStoredRun(runPath: string, node: string | undefined, baseDir: string): Promise<StoredRun> {
  const dir = await runDirectory(runPath, baseDir);
  const journalPath = join(dir, RUN_FILES.journal);
  const { events, notes } = parseJournal(await readFile(journalPath, "utf8"), `${runPath}/${RUN_FILES.journal}`);
  const test = await readRunTest(dir, runPath);
  notes.push(...test.problems);

  const receivers = nodesThatReceived(events, test.nodes);
  if (node === undefined) {
    if (receivers.length === 1) node = receivers[0]!;
    else throw new UsageError(`--run needs --node: say which node's input to replay; ${receiversText(receivers, runPath)}`);
  }
  const delivered = events.filter((e) => e.type === "recv" && e.message.dest === node);
  const lines = delivered.map((e) => JSON.stringify(e.message));
  if (lines.length === 0 || !receivers.includes(node)) {
    const what = lines.length === 0 ? `no message was delivered to ${node} in ${runPath}/journal.jsonl` : `${node} is not one of the run's nodes (a client or a service)`;
    throw new UsageError(`--node ${node}: ${what}; ${receiversText(receivers, runPath)}`);
  }
  const ms = (e: JournalEvent) => (e.time ?? 0) / 1e6;
  const t0 = ms(delivered[0]!);
  const atMs = delivered.map((e) => Math.max(0, ms(e) - t0));
  // A loop, not Math.max(...): a long run's journal has more events than a call takes arguments.
  let endMs = atMs[atMs.length - 1]!;
  for (const e of events) endMs = Math.max(endMs, ms(e) - t0);
  const { origins, sentByType } = recordedRequests(events, node);
  const replyBeforeNext = replyBeforeNextInput(events, node);
  const initLines = delivered.flatMap((e, i) => (e.message.body.type === "init" ? [i + 1] : []));
  return { shownDir: runPath, dir, node, lines, atMs, endMs, origins, replyBeforeNext, initLines, requestsSent: sentByType, bin: test.bin, binArgs: test.binArgs, notes };
}

/** The messages journaled as delivered (`recv`) to `node`, in journal order, exactly as delivered. */
export function deliveredTo(events: readonly JournalEvent[], node: string): JournalEvent["message"][] {
  return events.filter((e) => e.type === "recv" && e.message.dest === node).map((e) => e.message);
}

/**
 * Parses journal.jsonl. A bad line is an error naming it, except a last line
 * cut off without a newline (a run killed while writing it), which is skipped
 * with a note.
 */
export function parseJournal(text: string, shownPath: string): { events: JournalEvent[]; notes: string[] } {
  const events: JournalEvent[] = [];
  const notes: string[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    const event = asEvent(line);
    if (typeof event === "string") {
      if (i === lines.length - 1) {
        notes.push(`${shownPath}: skipped its last line ${i + 1}, which is cut off (${event})`);
        continue;
      }
      throw new UsageError(`${shownPath} line ${i + 1} is not a journal event: ${event}`);
    }
    events.push(event);
  }
  return { events, notes };
}

function asEvent(line: string): JournalEvent | string {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (e) {
    return `not valid JSON (${(e as Error).message})`;
  }
  if (!isObject(v)) return "expected a JSON object";
  if (v.type !== "send" && v.type !== "recv" && v.type !== "drop") return `"type" must be "send", "recv" or "drop", got ${JSON.stringify(v.type) ?? "nothing"}`;
  const m = v.message;
  if (!isObject(m) || typeof m.src !== "string" || typeof m.dest !== "string" || !isObject(m.body)) return `"message" must be {src, dest, body}`;
  if (v.time !== undefined && (typeof v.time !== "number" || !Number.isFinite(v.time))) return `"time" must be a number (nanoseconds since the run began), got ${JSON.stringify(v.time)}`;
  return v as unknown as JournalEvent;
}

/** The nodes the journal delivered messages to: the run's nodes if test.json lists them, else every id that is not a client. */
function nodesThatReceived(events: readonly JournalEvent[], nodes: string[] | null): string[] {
  const dests = new Set(events.filter((e) => e.type === "recv").map((e) => e.message.dest));
  const ids = nodes !== null ? nodes.filter((n) => dests.has(n)) : [...dests].filter((d) => !d.startsWith("c"));
  return ids.sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
}

function receiversText(receivers: string[], runPath: string): string {
  if (receivers.length === 0) return `no node received anything in ${runPath}/journal.jsonl`;
  return `the nodes in ${runPath}/journal.jsonl are ${receivers.join(", ")}`;
}

async function runDirectory(runPath: string, baseDir: string): Promise<string> {
  const abs = resolve(baseDir, runPath);
  const st = await stat(abs).catch(() => undefined);
  if (!st) throw new UsageError(`--run ${runPath}: no such directory (looked for ${abs}); give a run directory, such as store/latest or store/echo/<timestamp>`);
  if (!st.isDirectory()) throw new UsageError(`--run ${runPath} is not a directory; give the run's directory (the one holding journal.jsonl), such as store/latest`);
  const dir = await realpath(abs);
  if (await isFile(join(dir, RUN_FILES.journal))) return dir;
  // A store (or one workload's folder) has a `latest` link to its newest run.
  if (await isFile(join(dir, LATEST_LINK, RUN_FILES.journal))) return realpath(join(dir, LATEST_LINK));
  const real = (await isFile(join(dir, "test.jepsen"))) || (await stat(join(dir, "net-journal")).catch(() => undefined)) !== undefined;
  const why = real ? " (a run of the real Maelstrom keeps its journal in net-journal/*.fressian, which replay cannot read)" : "";
  throw new UsageError(`--run ${runPath} has no journal.jsonl${why}; give a run directory of ${commandName("maelstrom")} test, such as store/latest`);
}

/** What replay takes from test.json: the binary, its arguments and the nodes; and what is wrong in it, as notes. */
async function readRunTest(dir: string, runPath: string): Promise<{ bin: string | null; binArgs: string[]; nodes: string[] | null; problems: string[] }> {
  let text: string;
  try {
    text = await readFile(join(dir, RUN_FILES.test), "utf8");
  } catch {
    return { bin: null, binArgs: [], nodes: null, problems: [] };
  }
  const read = readTestJson(text);
  // A test.json that is not JSON at all is an error; one that is not an object names nothing, as if it were absent.
  if (read.shape === "not-json") throw new UsageError(`${runPath}/${read.problems[0]}`);
  const t = read.test ?? {};
  const problems = read.shape === "object" ? read.problems.map((p) => `${runPath}/${p}`) : [];
  return { bin: t.bin !== undefined && t.bin !== "" ? t.bin : null, binArgs: [...(t["bin-args"] ?? [])], nodes: t.nodes ? [...t.nodes] : null, problems };
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
