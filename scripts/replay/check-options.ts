import { constants } from "node:fs";
import { TYPESCRIPT_FILE } from "../../maelstrom-workloads/run/bundle-node.js";
import { access, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { resolve } from "node:path";
import { effectivePace, MAX_MS, type ReplayOptions } from "./options.js";
import { UsageError } from "./usage.js";

/** Options with every path absolute and checked. */
export interface CheckedOptions extends Omit<ReplayOptions, "bin" | "cwd" | "baseDir" | "trustRun" | "pace"> {
  bin: string;
  /** The pace factor in use (see effectivePace): 0 means not paced. */
  pace: number;
  cwd: string;
  /** The paths as the user wrote them, for the report. */
  shown: { bin: string; input: string | null; expect: string | null };
}

/**
 * Resolves relative paths and checks, before anything runs, that the binary
 * exists and is executable, the input and expected files are readable, the
 * working directory is a directory, and the numbers are in range. Throws
 * UsageError naming the problem and what to do about it.
 */
export async function checkOptions(o: ReplayOptions): Promise<CheckedOptions> {
  const base = o.baseDir ?? process.cwd();
  for (const [name, v, min] of [
    ["quiet-ms", o.quietMs, 0],
    ["reply-ms", o.replyMs, 0],
    ["grace-ms", o.graceMs, 0],
    ["timeout-ms", o.timeoutMs, 1],
  ] as const) {
    if (!Number.isInteger(v) || v < min || v > MAX_MS) throw new UsageError(`--${name} must be a whole number of milliseconds from ${min} to ${MAX_MS}, but got ${String(v)}`);
  }
  if (o.pace !== null && !(Number.isFinite(o.pace) && o.pace >= 0 && o.pace <= 1000)) throw new UsageError(`--pace must be a number from 0 to 1000, but got ${String(o.pace)}`);
  if (o.init !== null && o.init.length === 0) throw new UsageError("--init needs at least one node id, as in --init n1");

  if (o.bin === "") throw new UsageError("missing --bin: say which node executable to run, as in --bin nodes/echo.ts");
  const bin = resolve(base, o.bin);
  const binStat = await stat(bin).catch(() => undefined);
  if (!binStat) throw new UsageError(`--bin ${o.bin}: no such file (looked for ${bin}); give the path to your node's executable`);
  if (binStat.isDirectory()) throw new UsageError(`--bin ${o.bin} is a directory; give the path to your node's executable inside it`);
  // A TypeScript file is bundled and started with node (spawnNode), so it need not be executable.
  if (!TYPESCRIPT_FILE.test(bin) && !(await can(bin, constants.X_OK))) throw new UsageError(`--bin ${o.bin} is not executable; make it so with: chmod +x ${o.bin}`);

  const input = o.input === null ? null : await readableFile("--input", o.input, base);
  const expect = o.expect === null ? null : await readableFile("--expect", o.expect, base);

  const cwd = o.cwd === null ? tmpdir() : resolve(base, o.cwd);
  const cwdStat = await stat(cwd).catch(() => undefined);
  if (!cwdStat) throw new UsageError(`--cwd ${o.cwd ?? cwd}: no such directory (looked for ${cwd}); create it or leave --cwd out to use ${tmpdir()}`);
  if (!cwdStat.isDirectory()) throw new UsageError(`--cwd ${o.cwd ?? cwd} is not a directory; give a directory for the node to run in`);

  return {
    bin,
    binArgs: [...o.binArgs],
    input,
    init: o.init === null ? null : [...o.init],
    expect,
    quietMs: o.quietMs,
    replyMs: o.replyMs,
    burst: o.burst,
    pace: effectivePace(o),
    graceMs: o.graceMs,
    timeoutMs: o.timeoutMs,
    cwd,
    noColor: o.noColor,
    shown: { bin: o.bin, input: o.input, expect: o.expect },
  };
}

async function readableFile(option: string, path: string, base: string): Promise<string> {
  const abs = resolve(base, path);
  const st = await stat(abs).catch(() => undefined);
  if (!st) throw new UsageError(`${option} ${path}: no such file (looked for ${abs}); check the path`);
  if (st.isDirectory()) throw new UsageError(`${option} ${path} is a directory; give a file of JSON lines`);
  if (!(await can(abs, constants.R_OK))) throw new UsageError(`${option} ${path} is not readable; check its permissions (chmod +r ${path})`);
  return abs;
}

async function can(path: string, mode: number): Promise<boolean> {
  try {
    await access(path, mode);
    return true;
  } catch {
    return false;
  }
}
