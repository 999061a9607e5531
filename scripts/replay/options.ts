import { UsageError } from "./usage.js";

/** Everything replay needs to know, after parsing and before any file is touched. */
export interface ReplayOptions {
  /** The node's executable, as given (resolved against baseDir later). "" with `run`: the run's own. */
  bin: string;
  /** Arguments for the node, from after `--`. */
  binArgs: string[];
  /** File of lines to send; null means stdin (or, with `run`, the stored run). */
  input: string | null;
  /** `--run`: a stored run's directory; its journal gives the input. */
  run?: string;
  /** `--node`: with `run`, whose input to replay. */
  node?: string;
  /** `--trust-run`: with `run` and no `bin`, start the binary and arguments the run's test.json names. */
  trustRun: boolean;
  /**
   * `--pace F`: with `run`, send each message F times its recorded time after
   * the first (1: as recorded; 0.1: ten times faster; 0: step mode, as for
   * --input). null: not given, which means 1 with `run` (0 with `burst`).
   */
  pace: number | null;
  /** `--init`: node ids; the first one gets the init. */
  init: string[] | null;
  /** File of expected stdout lines. */
  expect: string | null;
  quietMs: number;
  replyMs: number;
  burst: boolean;
  graceMs: number;
  timeoutMs: number;
  /** The node's working directory; null means os.tmpdir(). */
  cwd: string | null;
  noColor: boolean;
  /** Relative paths are resolved against this. Default: process.cwd(). */
  baseDir?: string;
}

export type CommandLine = { help: true } | { help: false; options: ReplayOptions };

export const DEFAULTS = {
  binArgs: [],
  input: null,
  init: null,
  expect: null,
  quietMs: 200,
  replyMs: 1000,
  burst: false,
  graceMs: 2000,
  timeoutMs: 60_000,
  cwd: null,
  noColor: false,
  trustRun: false,
  pace: null,
} as const satisfies Omit<ReplayOptions, "bin">;

/** The largest delay setTimeout honours; larger ones fire at once. */
export const MAX_MS = 2_147_483_647;

type ValueOption = "--bin" | "--input" | "--run" | "--node" | "--pace" | "--init" | "--expect" | "--quiet-ms" | "--reply-ms" | "--grace-ms" | "--timeout-ms" | "--cwd";
type FlagOption = "--burst" | "--no-color" | "--trust-run" | "--help" | "-h";

const VALUE_OPTIONS: readonly ValueOption[] = ["--bin", "--input", "--run", "--node", "--pace", "--init", "--expect", "--quiet-ms", "--reply-ms", "--grace-ms", "--timeout-ms", "--cwd"];
const FLAG_OPTIONS: readonly FlagOption[] = ["--burst", "--no-color", "--trust-run", "--help", "-h"];

const isValueOption = (s: string): s is ValueOption => (VALUE_OPTIONS as readonly string[]).includes(s);
const isFlagOption = (s: string): s is FlagOption => (FLAG_OPTIONS as readonly string[]).includes(s);

/**
 * Parses replay's command line (without `node script`). Checks the syntax of
 * every option; whether the files exist is checked later (checkOptions).
 * Throws UsageError with a one-line message naming the problem.
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const opts: ReplayOptions = { bin: "", ...DEFAULTS, binArgs: [] };
  const seen = new Set<string>();
  let bin: string | undefined;
  let help = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      opts.binArgs = argv.slice(i + 1);
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      throw new UsageError(`unexpected argument ${JSON.stringify(arg)}: options start with --, and arguments for the node go after -- (as in --bin ./node -- ${arg})`);
    }
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith("--") && eq > 0 ? arg.slice(eq + 1) : undefined;

    if (isFlagOption(name)) {
      if (inline !== undefined) throw new UsageError(`${name} takes no value, but got ${JSON.stringify(arg)}; write just ${name}`);
      if (name === "-h" || name === "--help") help = true;
      else if (name === "--burst") {
        opts.burst = true;
        seen.add(name);
      }
      else if (name === "--trust-run") {
        opts.trustRun = true;
        seen.add(name);
      } else opts.noColor = true;
      continue;
    }
    if (!isValueOption(name)) {
      const hint = closest(name);
      throw new UsageError(`unknown option ${JSON.stringify(name)}${hint ? ` (did you mean ${hint}?)` : ""}; run with --help to see the options`);
    }
    if (seen.has(name)) throw new UsageError(`${name} is given twice; give it once`);
    seen.add(name);

    let value: string;
    if (inline !== undefined) {
      value = inline;
    } else {
      const next = argv[i + 1];
      // A negative number is a (bad) value for a numeric option, not the next option: say what is wrong with it.
      const negativeNumber = NUMERIC_OPTIONS.has(name) && next !== undefined && /^-(\d|\.\d)/.test(next);
      if (next === undefined || next === "--" || (next.startsWith("-") && next !== "-" && !negativeNumber)) {
        throw new UsageError(`${name} needs a value (${describeValue(name)}), as in ${name} ${exampleValue(name)}`);
      }
      value = next;
      i++;
    }
    if (value === "") throw new UsageError(`${name} needs a value (${describeValue(name)}), but got an empty one`);

    switch (name) {
      case "--bin":
        bin = value;
        break;
      case "--input":
        opts.input = value === "-" ? null : value;
        break;
      case "--run":
        opts.run = value;
        break;
      case "--node":
        opts.node = value;
        break;
      case "--pace":
        opts.pace = parsePace(value);
        break;
      case "--expect":
        opts.expect = value;
        break;
      case "--cwd":
        opts.cwd = value;
        break;
      case "--init":
        opts.init = parseNodeList(value);
        break;
      case "--quiet-ms":
        opts.quietMs = parseMs(name, value, 0);
        break;
      case "--reply-ms":
        opts.replyMs = parseMs(name, value, 0);
        break;
      case "--grace-ms":
        opts.graceMs = parseMs(name, value, 0);
        break;
      case "--timeout-ms":
        opts.timeoutMs = parseMs(name, value, 1);
        break;
    }
  }

  if (help) return { help: true };
  checkRunOptions(seen, opts.pace);
  if (bin === undefined && !seen.has("--run")) throw new UsageError("missing --bin: say which node executable to run, as in --bin nodes/echo.ts");
  opts.bin = bin ?? "";
  return { help: false, options: opts };
}

/** --run brings its own input (and the node's own init); --node, --trust-run and --pace only make sense with it. */
function checkRunOptions(given: { has(option: string): boolean }, pace: number | null): void {
  if (given.has("--pace") && !given.has("--run")) {
    throw new UsageError("--pace sends a stored run's messages at their recorded times; lines from --input or stdin carry no times. Give --run, or leave out --pace");
  }
  if (pace !== null && pace > 0 && given.has("--burst")) {
    throw new UsageError(`--burst sends every message at once, --pace ${pace} at their recorded times; leave out one of them (--pace 0 --burst is --burst)`);
  }
  if (given.has("--run")) {
    if (given.has("--input")) throw new UsageError("--run and --input both say what to send: --run replays what a node of a stored run received; leave out one of them");
    if (given.has("--init")) throw new UsageError("--run already sends the init the node received in that run; leave out --init");
    if (given.has("--trust-run") && given.has("--bin")) throw new UsageError("--bin and --trust-run both say which binary to run: --bin runs yours, --trust-run the one the run's test.json names; leave out one of them");
  } else if (given.has("--node")) {
    throw new UsageError("--node picks a node of a stored run; give the run too, as in --run store/latest --node n1");
  } else if (given.has("--trust-run")) {
    throw new UsageError("--trust-run lets --run start the binary its test.json names; give the run too, as in --run store/latest --trust-run");
  }
}

/** The same checks for a library call (replay() with options rather than a command line). */
export function checkRunCombination(o: Pick<ReplayOptions, "input" | "init" | "run" | "node" | "trustRun" | "bin" | "pace" | "burst">): void {
  const given = new Set<string>();
  if (o.bin !== "") given.add("--bin");
  if (o.trustRun) given.add("--trust-run");
  if (o.run !== undefined) given.add("--run");
  if (o.node !== undefined) given.add("--node");
  if (o.input !== null) given.add("--input");
  if (o.init !== null) given.add("--init");
  if (o.pace !== null) given.add("--pace");
  if (o.burst) given.add("--burst");
  checkRunOptions(given, o.pace);
}

/** Fills in defaults for a library call that gives only some options. `bin` may be left out with `run`. */
export function withDefaults(partial: Partial<ReplayOptions> & ({ bin: string } | { run: string })): ReplayOptions {
  return { ...DEFAULTS, ...partial, bin: partial.bin ?? "", binArgs: [...(partial.binArgs ?? [])] };
}

function parseNodeList(value: string): string[] {
  const ids = value.split(",").map((s) => s.trim());
  if (ids.some((id) => id === "")) throw new UsageError(`--init ${JSON.stringify(value)} has an empty node id; give node ids separated by commas, as in --init n1,n2,n3`);
  const dup = ids.find((id, k) => ids.indexOf(id) !== k);
  if (dup !== undefined) throw new UsageError(`--init lists node ${JSON.stringify(dup)} twice; each node id once, as in --init n1,n2,n3`);
  return ids;
}

/** The pace factor actually used: --pace if given; else 1 for a stored run, unless --burst. */
export function effectivePace(o: Pick<ReplayOptions, "pace" | "run" | "burst">): number {
  if (o.pace !== null) return o.pace;
  return o.run !== undefined && !o.burst ? 1 : 0;
}

/** Options whose value is a number: a value such as -1 is taken as theirs (and refused with a reason), not as an option. */
const NUMERIC_OPTIONS: ReadonlySet<ValueOption> = new Set(["--pace", "--quiet-ms", "--reply-ms", "--grace-ms", "--timeout-ms"]);

function parsePace(value: string): number {
  if (/^-(\d+(\.\d*)?|\.\d+)$/.test(value)) throw new UsageError(`--pace must be 0 or more (1: as recorded, 0.1: ten times faster, 0: not paced), but got ${value}`);
  const n = /^(\d+(\.\d*)?|\.\d+)$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n)) throw new UsageError(`--pace needs a factor for the recorded gaps, a number of 0 or more (1: as recorded, 0.1: ten times faster, 0: not paced), but got ${JSON.stringify(value)}`);
  if (n > 1000) throw new UsageError(`--pace must be at most 1000 (a thousand times slower than recorded), but got ${value}`);
  return n;
}

function parseMs(name: ValueOption, value: string, min: number): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${name} needs a whole number of milliseconds, but got ${JSON.stringify(value)}; as in ${name} ${exampleValue(name)}`);
  const n = Number(value);
  if (n < min) throw new UsageError(`${name} must be at least ${min}, but got ${value}`);
  if (n > MAX_MS) throw new UsageError(`${name} must be at most ${MAX_MS} (about 24 days), but got ${value}`);
  return n;
}

function describeValue(name: ValueOption): string {
  switch (name) {
    case "--bin":
      return "the node's executable";
    case "--input":
      return 'a file of JSON lines, or "-" for stdin';
    case "--run":
      return "a stored run's directory";
    case "--node":
      return "a node id";
    case "--pace":
      return "a factor for the recorded gaps: 1 as recorded, 0 not paced";
    case "--expect":
      return "a file of expected output lines";
    case "--cwd":
      return "a directory";
    case "--init":
      return "node ids separated by commas";
    default:
      return "a number of milliseconds";
  }
}

function exampleValue(name: ValueOption): string {
  switch (name) {
    case "--bin":
      return "nodes/echo.ts";
    case "--input":
      return "session.jsonl";
    case "--run":
      return "store/latest";
    case "--node":
      return "n1";
    case "--pace":
      return "0.1";
    case "--expect":
      return "session.expected.jsonl";
    case "--cwd":
      return "/tmp";
    case "--init":
      return "n1,n2";
    case "--timeout-ms":
      return "10000";
    default:
      return "200";
  }
}

/** The known option nearest to a mistyped one, if any is near. */
function closest(name: string): string | undefined {
  const bare = name.replace(/^-+/, "");
  let best: string | undefined;
  let bestDist = Infinity;
  for (const o of [...VALUE_OPTIONS, ...FLAG_OPTIONS]) {
    if (o === "-h") continue;
    const ob = o.slice(2);
    const d = ob.startsWith(bare) && bare.length >= 3 ? 0 : editDistance(bare, ob);
    if (d < bestDist) {
      bestDist = d;
      best = o;
    }
  }
  return bestDist <= 2 ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
