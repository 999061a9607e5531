import { z } from "zod";
import { latencyDists } from "../network/latency.js";

/**
 * The store's format: what one run's folder, store/<workload>/<timestamp>/,
 * holds, and the shape of its test.json. The harness writes it; `serve` and
 * `replay` read it (from a store that may be old, or made by hand, or hostile).
 */
export const RUN_FILES = {
  /** The checkers' verdict, "valid?" last (serve reads it from the tail of a big file). */
  results: "results.json",
  /** Every op, one JSON object a line, and the same as Jepsen's tab-separated history.txt. */
  history: "history.jsonl",
  historyText: "history.txt",
  /** Every message sent and delivered, one JSON event a line. */
  journal: "journal.jsonl",
  /** What was run and how it ended: TestJson. */
  test: "test.json",
  /** All the harness printed. */
  runLog: "run.log",
  /** One stderr log per node: nodeLogFile(id). */
  nodeLogs: "node-logs",
} as const;

/** store/latest and store/<workload>/latest: relative links to the run that ended last (Jepsen's `latest`). */
export const LATEST_LINK = "latest";

/** store/current: a relative link to the run started last, made when it starts (Jepsen's `current`). */
export const CURRENT_LINK = "current";

/** A node's stderr log, relative to its run folder: node-logs/<id>.log. */
export function nodeLogFile(node: string): string {
  return `${RUN_FILES.nodeLogs}/${node}.log`;
}

const strings = z.array(z.string()).readonly();
const count = z.number().int().nonnegative();
const amount = z.number().nonnegative();

/** What the harness writes from the start: the run's options. */
const infoShape = {
  name: z.string(),
  workload: z.string(),
  /** Ours; runs written before it have none. */
  sessions: z.string().optional(),
  bin: z.string(),
  "bin-args": strings,
  nodes: strings,
  concurrency: count,
  rate: amount,
  "time-limit": amount,
  latency: z.object({ mean: amount, dist: z.enum(latencyDists) }),
  /** Ours; runs written before it have none. */
  loss: amount.optional(),
  nemesis: strings,
  "nemesis-interval": amount,
  /** Ours; runs written before it have none. */
  "nemesis-targets": strings.optional(),
  topology: z.string(),
  seed: z.number().int(),
  argv: strings,
  "start-time": z.string().refine((s) => !Number.isNaN(Date.parse(s))),
};

export const runStatuses = ["running", "done", "crashed", "interrupted"] as const;

/** How the run stands: "running" with the harness's pid, then how it ended. */
const endShape = {
  status: z.enum(runStatuses),
  pid: z.number().int().positive(),
  "exit-code": z.number().int(),
  crash: z.string().nullable(),
  /** The signal that stopped the run. */
  interrupted: z.string(),
};

type Key = keyof typeof infoShape | keyof typeof endShape;

/** Each key's type as a person reads it, for the problems readTestJson reports. */
const EXPECTED: Record<Key, string> = {
  name: "a string",
  workload: "a string",
  sessions: "a string",
  bin: "a string",
  "bin-args": "a list of strings",
  nodes: "a list of strings",
  concurrency: "a whole number >= 0",
  rate: "a number >= 0",
  "time-limit": "a number >= 0",
  latency: `{"mean": a number >= 0, "dist": ${latencyDists.join(" | ")}}`,
  loss: "a number >= 0",
  nemesis: "a list of strings",
  "nemesis-interval": "a number >= 0",
  "nemesis-targets": "a list of strings",
  topology: "a string",
  seed: "a whole number",
  argv: "a list of strings",
  "start-time": "a date and time (ISO 8601)",
  status: runStatuses.join(" | "),
  pid: "a whole number > 0",
  "exit-code": "a whole number",
  crash: "a string or null",
  interrupted: "a string (the signal's name)",
};

export const testInfoSchema = z.object(infoShape);
/** The run's options, as test.json holds them. */
export type TestInfo = z.infer<typeof testInfoSchema>;

/** test.json as the harness writes it: at the start (running), and rewritten at the end. */
export const testJsonSchema = z.union([
  testInfoSchema.extend({ status: z.literal("running"), pid: endShape.pid }),
  testInfoSchema.extend({
    status: z.enum(["done", "crashed", "interrupted"]),
    "exit-code": endShape["exit-code"],
    crash: endShape.crash,
    interrupted: endShape.interrupted.optional(),
  }),
]);
export type TestJson = z.infer<typeof testJsonSchema>;

const fieldsSchema = z.object({ ...infoShape, ...endShape });
/** Every key a test.json may hold, each on its own: what a reader gets back. */
export type TestJsonFields = Partial<z.infer<typeof fieldsSchema>>;

/** Keys added after the first runs were stored: an older test.json has none, and is not the worse for it. */
const ADDED_LATER: readonly Key[] = ["loss", "nemesis-targets", "sessions"];
/** Keys every test.json of this harness has (status came later too: an older one has none). */
const ALWAYS: readonly Key[] = (Object.keys(infoShape) as Key[]).filter((k) => !ADDED_LATER.includes(k));

export interface TestJsonRead {
  /** Whether the text is a JSON object; when it is not, the first problem says why. */
  shape: "object" | "not-json" | "not-an-object";
  /** The keys that hold a value of the right type; null when the text is not a JSON object. */
  test: TestJsonFields | null;
  /** What is wrong, a sentence each: the text is not a JSON object, or a key holds the wrong type. */
  problems: string[];
  /** Keys our harness always writes that are absent (a test.json of another tool, or made by hand). */
  missing: string[];
}

/**
 * Reads a test.json's text without throwing: keeps each known key whose value
 * has the right type, and says what is wrong with the others. Unknown keys are
 * ignored; a missing key is listed, not a problem.
 */
export function readTestJson(text: string): TestJsonRead {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { shape: "not-json", test: null, problems: [`test.json is not valid JSON (${(e as Error).message})`], missing: [] };
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    return { shape: "not-an-object", test: null, problems: [`test.json is not a JSON object (it holds ${Array.isArray(v) ? "an array" : v === null ? "null" : `a ${typeof v}`})`], missing: [] };
  }
  const raw = v as Record<string, unknown>;
  const test: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, schema] of Object.entries(fieldsSchema.shape) as [Key, z.ZodType][]) {
    if (!Object.hasOwn(raw, key)) continue;
    const r = schema.safeParse(raw[key]);
    if (r.success) test[key] = r.data;
    else problems.push(`test.json: "${key}" should be ${EXPECTED[key]}, got ${shown(raw[key])}`);
  }
  return { shape: "object", test: test as TestJsonFields, problems, missing: ALWAYS.filter((k) => !Object.hasOwn(raw, k)) };
}

/**
 * A value as JSON, at most 80 characters of it, safe to print on a terminal:
 * JSON escapes C0 controls, and this escapes DEL, C1 controls (a raw \u009b
 * starts a terminal escape) and the line and paragraph separators.
 */
function shown(v: unknown): string {
  const text = (JSON.stringify(v) ?? String(v)).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return text.length > 80 ? `${text.slice(0, 80)}… (${text.length} characters)` : text;
}
