import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A project with lib/, nodes/, the script, and an `npm` on PATH that only records that it ran. */
function project(): { root: string; run: () => boolean; age: (path: string, secondsAgo: number) => void } {
  const root = mkdtempSync(join(tmpdir(), "build-if-stale-"));
  made.push(root);
  for (const d of ["scripts", "lib", "nodes", "dist", "bin"]) mkdirSync(join(root, d));
  copyFileSync(join(ROOT, "scripts/build-if-stale.sh"), join(root, "scripts/build-if-stale.sh"));
  for (const f of ["lib/a.ts", "nodes/b.ts", "tsconfig.json", "tsconfig.build.json"]) writeFileSync(join(root, f), "");
  writeFileSync(join(root, "bin/npm"), `#!/bin/sh\necho "$@" > "${join(root, "npm-ran")}"\n`, { mode: 0o755 });
  const age = (path: string, secondsAgo: number) => {
    const t = Date.now() / 1000 - secondsAgo;
    utimesSync(join(root, path), t, t);
  };
  for (const p of ["lib/a.ts", "lib", "nodes/b.ts", "nodes", "tsconfig.json", "tsconfig.build.json"]) age(p, 100);
  const run = () => {
    rmSync(join(root, "npm-ran"), { force: true });
    execFileSync("sh", [join(root, "scripts/build-if-stale.sh")], { env: { ...process.env, PATH: `${join(root, "bin")}:${process.env.PATH}` } });
    return existsSync(join(root, "npm-ran"));
  };
  return { root, run, age };
}

describe("scripts/build-if-stale.sh", () => {
  it("builds when dist/.built is missing", () => {
    expect(project().run()).toBe(true);
  });

  it("does not build when dist/.built is newer than every source", () => {
    const p = project();
    writeFileSync(join(p.root, "dist/.built"), "");
    expect(p.run()).toBe(false);
  });

  it.each(["lib/a.ts", "nodes/b.ts", "nodes", "tsconfig.json"])("builds when %s is newer than dist/.built", (path) => {
    const p = project();
    writeFileSync(join(p.root, "dist/.built"), "");
    p.age("dist/.built", 50);
    expect(p.run()).toBe(false);
    p.age(path, 10);
    expect(p.run()).toBe(true);
  });
});
