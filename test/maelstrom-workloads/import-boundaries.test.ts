import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const WL = join(ROOT, "maelstrom-workloads");

/** The .ts files under `dir` (recursively), or directly in it with `shallow`. */
function tsFiles(dir: string, shallow = false): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? (shallow ? [] : tsFiles(join(dir, e.name))) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** `file:line: text` for every line of `files` that matches `re`. */
function offending(files: string[], re: RegExp): string[] {
  return files.flatMap((f) =>
    readFileSync(f, "utf8")
      .split("\n")
      .flatMap((line, i) => (re.test(line) && !line.trim().startsWith("*") && !line.trim().startsWith("//") ? [`${relative(ROOT, f)}:${i + 1}: ${line.trim()}`] : [])),
  );
}

describe("what both hosts share does not depend on a host", () => {
  const shared = [...["run", "model", "network", "nemesis", "checkers", "services"].flatMap((d) => tsFiles(join(WL, d))), ...tsFiles(WL, true)];

  it("nothing under run/, model/, network/, nemesis/, checkers/, services/ or the workloads imports harness/ or sim/", () => {
    expect(shared.length).toBeGreaterThan(20);
    expect(offending(shared, /from\s+["'][^"']*\/(harness|sim)\//)).toEqual([]);
  });

  it("nothing under sim/ imports harness/: the simulation host shares with the process host only what is under run/, network/ and the rest", () => {
    const sim = tsFiles(join(WL, "sim"));
    expect(sim.length).toBeGreaterThan(2);
    expect(offending(sim, /from\s+["'][^"']*\/harness\//)).toEqual([]);
  });

  it("the run, the nemeses and the services take time from their Clock and randomness from the seed only: no timers, wall clock or Math.random of their own", () => {
    const timed = ["run", "nemesis", "services"].flatMap((d) => tsFiles(join(WL, d)));
    expect(offending(timed, /\b(setTimeout|setInterval|setImmediate|Date\.now|performance\.now|Math\.random)\b/)).toEqual([]);
  });
});
