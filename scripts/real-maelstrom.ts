// Runs a test under the real Maelstrom (Jepsen, on the JVM) with the same
// flags as our local harness, to compare the two:
//   MAELSTROM=~/maelstrom/maelstrom npm run maelstrom:real -- test -w echo --bin nodes/echo.ts --time-limit 10
// Flags are passed through as they are, except the ones only our harness has
// (--seed, --store: the option table's rows of origin "ours"), which Maelstrom
// would reject; --bin is made absolute.
import { spawn } from "node:child_process";
import { constants, realpathSync, type Stats, statSync } from "node:fs";
import { access } from "node:fs/promises";
import { constants as osConstants } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { OURS_ONLY, TAKES_VALUE as TEST_TAKES_VALUE } from "../maelstrom-workloads/options/maelstrom-flags.js";
import { invocationDir } from "../maelstrom-workloads/options/invocation-dir.js";

/**
 * Options of Maelstrom's other commands (serve, …; src/maelstrom/core.clj, jepsen/cli.clj)
 * that take a value; those of `test` come from the option table.
 */
const OTHER_COMMANDS_TAKE_VALUE = ["-t", "--test", "-b", "--host", "-p", "--port"];

/** Every option whose value must never be mistaken for an option. */
const TAKES_VALUE: ReadonlySet<string> = new Set([...TEST_TAKES_VALUE, ...OTHER_COMMANDS_TAKE_VALUE]);

export interface RewrittenArgv {
  /** The arguments to give Maelstrom. */
  args: string[];
  /** One line per dropped option, for stderr. */
  notes: string[];
}

/**
 * Turns our harness's command line into the real Maelstrom's: drops our
 * options (--seed N, --store DIR, --loss P, --nemesis-targets ...), drops the
 * faults only we have (kill, pause) from --nemesis (and --nemesis itself if
 * nothing is left), makes --bin absolute against `baseDir`, and leaves
 * everything else, in order, as it is. Pure.
 */
/** Faults `--nemesis` takes that the real Maelstrom does not have. */
const OUR_FAULTS = ["kill", "pause"];

export function rewriteMaelstromArgv(argv: readonly string[], baseDir: string): RewrittenArgv {
  const args: string[] = [];
  const notes: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      args.push(...argv.slice(i));
      break;
    }
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;

    const why = OURS_ONLY.get(name);
    if (why !== undefined) {
      let value = inline;
      const next = argv[i + 1];
      if (value === undefined && next !== undefined && !next.startsWith("-")) {
        value = next;
        i++;
      }
      notes.push(`real-maelstrom: dropped ${name}${value === undefined ? "" : ` ${value}`} (${why})`);
      continue;
    }
    if (name === "--nemesis") {
      const value = inline ?? argv[i + 1];
      if (inline === undefined) i++;
      if (value === undefined) {
        args.push(arg); // Maelstrom will say that --nemesis needs a value.
        continue;
      }
      const faults = value.split(",").map((f) => f.trim());
      const theirs = faults.filter((f) => !OUR_FAULTS.includes(f));
      const ours = faults.filter((f) => OUR_FAULTS.includes(f));
      if (ours.length > 0) notes.push(`real-maelstrom: dropped ${ours.join(",")} from --nemesis (faults only our harness has; Maelstrom's only fault is partition)${theirs.length === 0 ? ", and --nemesis with them" : ""}`);
      if (theirs.length > 0) args.push("--nemesis", theirs.join(","));
      continue;
    }
    if (name === "--bin") {
      const value = inline ?? argv[i + 1];
      if (inline === undefined) i++;
      if (value === undefined) {
        args.push(arg); // Maelstrom will say that --bin needs a value.
        continue;
      }
      args.push("--bin", resolve(baseDir, value));
      continue;
    }
    args.push(arg);
    if (inline === undefined && TAKES_VALUE.has(name) && i + 1 < argv.length) args.push(argv[++i]!);
  }
  return { args, notes };
}

/** How to start Maelstrom from its launcher: the `maelstrom` script itself, or `java -jar` on a jar. */
export function launchCommand(launcher: string, args: readonly string[]): { command: string; args: string[] } {
  if (launcher.toLowerCase().endsWith(".jar")) return { command: "java", args: ["-Djava.awt.headless=true", "-jar", launcher, ...args] };
  return { command: launcher, args: [...args] };
}

export const REAL_USAGE = `Usage: MAELSTROM=/path/to/maelstrom npm run maelstrom:real -- test [Maelstrom options]

Runs a test under the real Maelstrom, with the same options as the local
harness (npm run maelstrom -- test ...), to compare the two. MAELSTROM is
Maelstrom's launcher: the \`maelstrom\` script from its release, or
lib/maelstrom.jar (run with java -jar), or the directory holding the script.
Options only the local harness has (--seed N, --store DIR) are dropped, with a
note; --bin is made absolute. Maelstrom runs in the current directory and
writes its results to store/ there. The exit status is Maelstrom's.
`;

function missingLauncherMessage(problem: string): string {
  return `real-maelstrom: ${problem}.
Set MAELSTROM to the real Maelstrom's launcher: the \`maelstrom\` script from a release
(https://github.com/jepsen-io/maelstrom/releases; it needs a JVM), or its lib/maelstrom.jar, as in
  MAELSTROM=~/maelstrom/maelstrom npm run maelstrom:real -- test -w echo --bin nodes/echo.ts
The local harness needs no JVM: npm run maelstrom -- test ...
`;
}

export interface RealMaelstromIO {
  env: NodeJS.ProcessEnv;
  /** Relative paths are taken from here, and Maelstrom runs here. */
  baseDir: string;
  err(text: string): void;
  out(text: string): void;
}

/**
 * Runs the real Maelstrom with the rewritten arguments, its output going
 * straight to ours. Resolves with its exit status (128 + signal number if it
 * was killed), or 254 if there is no launcher to run.
 */
export async function runRealMaelstrom(argv: readonly string[], io: RealMaelstromIO): Promise<number> {
  if (argv.length === 0 || (argv.length === 1 && (argv[0] === "-h" || argv[0] === "--help"))) {
    (argv.length === 0 ? io.err : io.out)(REAL_USAGE);
    return argv.length === 0 ? 254 : 0;
  }
  const setting = io.env.MAELSTROM;
  if (setting === undefined || setting.trim() === "") {
    io.err(missingLauncherMessage("MAELSTROM is not set"));
    return 254;
  }
  let launcher = resolve(io.baseDir, setting);
  const st = statOrNull(launcher);
  if (st === null) {
    io.err(missingLauncherMessage(`MAELSTROM=${setting}: no such file (looked for ${launcher})`));
    return 254;
  }
  if (st.isDirectory()) {
    const inside = join(launcher, "maelstrom");
    if (statOrNull(inside)?.isFile() !== true) {
      io.err(missingLauncherMessage(`MAELSTROM=${setting} is a directory without a \`maelstrom\` script in it`));
      return 254;
    }
    launcher = inside;
  }
  const isJar = launcher.toLowerCase().endsWith(".jar");
  if (!isJar && !(await canExecute(launcher))) {
    io.err(`real-maelstrom: MAELSTROM=${setting} is not executable; make it so with: chmod +x ${launcher}\n`);
    return 254;
  }

  const { args, notes } = rewriteMaelstromArgv(argv, io.baseDir);
  for (const n of notes) io.err(`${n}\n`);
  const cmd = launchCommand(launcher, args);
  const child = spawn(cmd.command, cmd.args, { cwd: io.baseDir, env: io.env, stdio: "inherit" });
  // Ctrl-C reaches Maelstrom directly (the terminal signals the whole process
  // group), so SIGINT is only kept from ending us before it has exited; a
  // SIGTERM or SIGHUP sent to us alone is passed on.
  const handlers = (["SIGINT", "SIGTERM", "SIGHUP"] as const).map((sig) => [sig, () => void (sig !== "SIGINT" && child.kill(sig))] as const);
  for (const [sig, h] of handlers) process.on(sig, h);
  try {
    return await new Promise<number>((resolvePromise) => {
      child.once("error", (e: NodeJS.ErrnoException) => {
        const what = isJar ? "java (needed to run a .jar; install a JDK, version 11 or later)" : launcher;
        io.err(`real-maelstrom: could not start ${what}: ${e.code ?? e.message}\n`);
        resolvePromise(254);
      });
      child.once("exit", (code, signal) => resolvePromise(code ?? 128 + (signal ? signalNumber(signal) : 0)));
    });
  } finally {
    for (const [sig, h] of handlers) process.off(sig, h);
  }
}

function signalNumber(sig: NodeJS.Signals): number {
  return osConstants.signals[sig] ?? 0;
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

async function canExecute(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function isMain(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return pathToFileURL(realpathSync(script)).href === import.meta.url;
  } catch {
    return false;
  }
}

if (isMain()) {
  // Under `npm run`, npm runs us from the package root; take relative paths from where the user was.
  const env = process.env;
  const baseDir = invocationDir();
  const code = await runRealMaelstrom(process.argv.slice(2), {
    env,
    baseDir,
    err: (s) => void process.stderr.write(s),
    out: (s) => void process.stdout.write(s),
  });
  process.exitCode = code;
}
