// How a run is judged from its stored files: the verdict (valid, invalid,
// unknown from the checkers; crashed, interrupted, or not finished from
// test.json), the colour it is shown in, and the key figures of results.json.
import type { TestJsonFields } from "../../../maelstrom-workloads/model/store-format.js";
import { asObject, formatSize, parseJson, type Read } from "./store-files.js";

/**
 * valid, invalid, unknown: the checkers' "valid?" (true, false, "unknown").
 * crashed: no results, and test.json says the run crashed (or it was left
 * "running" by a harness that is gone). interrupted: stopped by a signal
 * (test.json "status": "interrupted"). incomplete: still running, or no
 * results and nothing says why.
 */
export type VerdictKind = "valid" | "invalid" | "unknown" | "crashed" | "interrupted" | "incomplete";

/**
 * Background colours of the verdict cell. Valid, unknown, invalid and
 * incomplete are Maelstrom's own (jepsen.web in Jepsen 0.3, which Maelstrom
 * 0.2 serves with: blue ok, orange info, pink fail, grey for a run without
 * results). Jepsen has no colour of its own for crashed and interrupted; ours
 * are violet and pale yellow, so that neither reads as a checker's verdict.
 */
export const VERDICT_COLORS: Readonly<Record<VerdictKind, string>> = {
  valid: "#6DB6FE",
  unknown: "#FFAA26",
  invalid: "#FEB5DA",
  crashed: "#C5B0F0",
  interrupted: "#F3F6AD",
  incomplete: "#EAEAEA",
};

export interface Verdict {
  kind: VerdictKind;
  /** The word in the cell. */
  label: string;
  /** More, shown under the word: the crash message, or where the verdict came from. */
  detail?: string;
}

/** The verdict a results map's `valid?` value stands for. */
export function verdictOf(valid: unknown): Verdict {
  if (valid === true) return { kind: "valid", label: "valid" };
  if (valid === false) return { kind: "invalid", label: "invalid" };
  if (valid === "unknown" || valid === ":unknown") return { kind: "unknown", label: "unknown" };
  return { kind: "unknown", label: "unknown", detail: `"valid?" is ${JSON.stringify(valid) ?? "missing"}` };
}

/** The key figures of a run shown in the index. */
export interface RunFigures {
  ops?: number;
  msgsPerOp?: number;
  latencyMedian?: number;
  latencyMax?: number;
  lost?: number;
  nodes?: number;
}

/** The key figures of a run, from its results.json (nodes comes from test.json). */
export function figuresOf(results: Record<string, unknown>): RunFigures {
  const f: RunFigures = {};
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
  const stats = asObject(results.stats);
  const servers = asObject(asObject(results.net)?.servers);
  const workload = asObject(results.workload);
  const latencies = asObject(workload?.["stable-latencies"]);
  const set = <K extends keyof RunFigures>(k: K, v: number | undefined) => {
    if (v !== undefined) f[k] = v;
  };
  set("ops", num(stats?.count));
  set("msgsPerOp", num(servers?.["msgs-per-op"]));
  set("latencyMedian", num(latencies?.["0.5"]));
  set("latencyMax", num(latencies?.["1"] ?? latencies?.["1.0"]));
  set("lost", num(workload?.["lost-count"]));
  return f;
}

/**
 * The verdict and key figures: from results.json, else results.edn (real
 * Maelstrom's), else what test.json says of how the run ended. The reads are
 * capped (readInStore), so a huge results.json is judged by the "valid?" at
 * its end.
 */
export function judgeRun(results: Read, edn: Read, test: TestJsonFields | null): { verdict: Verdict; figures: RunFigures } {
  if (results.ok && !results.truncated) {
    const parsed = asObject(parseJson(results.text));
    if (parsed === null) return { verdict: { kind: "unknown", label: "unknown", detail: "results.json is not a JSON object" }, figures: {} };
    return { verdict: verdictOf(parsed["valid?"]), figures: figuresOf(parsed) };
  }
  if (results.ok) {
    const size = formatSize(results.size);
    const valid = validAtEnd(results.tail);
    const verdict: Verdict =
      valid === undefined ? { kind: "unknown", label: "unknown", detail: `results too large to summarise (${size})` } : { ...verdictOf(valid), detail: `results.json is ${size}: too large to summarise; this is the "valid?" at its end` };
    return { verdict, figures: {} };
  }
  if (edn.ok) {
    const valid = ednTopLevelValid(edn.text);
    if (valid === undefined && edn.truncated) return { verdict: { kind: "unknown", label: "unknown", detail: `results too large to summarise (results.edn is ${formatSize(edn.size)})` }, figures: {} };
    return { verdict: { ...verdictOf(valid), detail: "from results.edn (real Maelstrom)" }, figures: {} };
  }
  return { verdict: endedWithoutResults(test), figures: {} };
}

/** A run without results: how test.json says it ended. */
function endedWithoutResults(test: TestJsonFields | null): Verdict {
  if (test?.interrupted !== undefined) return { kind: "interrupted", label: "interrupted", detail: test.interrupted };
  if (test?.status === "interrupted") return { kind: "interrupted", label: "interrupted", detail: 'test.json says "status": "interrupted"' };
  if (test?.crash) return { kind: "crashed", label: "crashed", detail: test.crash };
  if (test?.["exit-code"] !== undefined) return { kind: "crashed", label: "crashed", detail: `exit code ${test["exit-code"]}, and no results.json` };
  if (test?.status === "crashed") return { kind: "crashed", label: "crashed", detail: 'test.json says "status": "crashed"' };
  return { kind: "incomplete", label: "no results", detail: "no results.json: still running, or stopped before the analysis" };
}

/**
 * The top-level "valid?" of a JSON object from the end of its text: our harness
 * writes it last. Only a member that ends the document can match ("valid?"
 * after a comma or brace, a literal, then the final brace), and in valid JSON
 * that member is the top-level object's.
 */
export function validAtEnd(tail: string): boolean | "unknown" | undefined {
  const m = /[,{]\s*"valid\?"\s*:\s*(true|false|"unknown"|":unknown")\s*\}\s*$/.exec(tail);
  if (!m) return undefined;
  return m[1] === "true" ? true : m[1] === "false" ? false : "unknown";
}

/**
 * The top-level `:valid?` of an EDN results map (real Maelstrom's results.edn),
 * found without a full EDN reader: the key at nesting depth 1, outside strings
 * and comments. Returns true, false, "unknown", or undefined if not found.
 */
export function ednTopLevelValid(text: string): boolean | "unknown" | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === ";") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "\\") {
      i++; // a character literal such as \{ or \newline
    } else if (c === "{" || c === "[" || c === "(") {
      depth++;
    } else if (c === "}" || c === "]" || c === ")") {
      depth--;
    } else if (depth === 1 && c === ":" && text.startsWith(":valid?", i) && /[\s,]/.test(text[i + 7] ?? "")) {
      const m = /^[\s,]*(true|false|:unknown)(?![\w?!*+-])/.exec(text.slice(i + 7));
      if (m) return m[1] === "true" ? true : m[1] === "false" ? false : "unknown";
    }
  }
  return undefined;
}

/** Whether process `pid` exists on this machine: signal 0 reaches it, or it exists but is not ours (EPERM). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The pid of the harness a test.json says is still running ("status": "running"
 * and a positive whole "pid", as our harness writes at the start); else undefined.
 */
export function runningPid(test: TestJsonFields | null): number | undefined {
  return test?.status === "running" ? test.pid : undefined;
}

/** The verdict of a run without results whose test.json says "running": running while its harness lives, else abandoned. */
export function runningVerdict(pid: number, alive: boolean = pidAlive(pid)): Verdict {
  return alive
    ? { kind: "incomplete", label: "running", detail: `the harness, pid ${pid}, is still running` }
    : { kind: "crashed", label: "abandoned", detail: `the harness, pid ${pid}, is gone` };
}
