import { execFile } from "node:child_process";
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runBundleCommand } from "../../scripts/maelstrom/bundle-command.js";
import { ROOT } from "../helpers/run-harness.js";

const dir = mkdtempSync(join(tmpdir(), "bundle-command-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function bundle(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await runBundleCommand(argv, (s) => (out += s + "\n"), (s) => (err += s + "\n"), dir);
  return { code, out, err };
}

/** Executes `file` itself (as Maelstrom starts a --bin), sends it `lines`, and returns what it printed once stdin closed. */
function execWith(file: string, lines: object[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, [], { cwd: tmpdir(), encoding: "utf8" }, (e, stdout, stderr) => (e ? reject(new Error(`${e.message}\n${stderr}`)) : resolve(stdout)));
    child.stdin!.end(lines.map((l) => JSON.stringify(l) + "\n").join(""));
  });
}

describe("bundle", () => {
  it("writes one executable file that any runner can start as the --bin: our launcher-headed echo node", async () => {
    const r = await bundle([join(ROOT, "nodes/echo.ts"), "-o", "echo.mjs"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const file = join(dir, "echo.mjs");
    expect(r.out).toContain("echo.mjs: executable");
    expect(() => accessSync(file, constants.X_OK)).not.toThrow();
    expect(readFileSync(file, "utf8").split("\n")[0]).toBe("#!/usr/bin/env -S node --enable-source-maps");
    expect(existsSync(`${file}.map`)).toBe(true);
    const out = await execWith(file, [
      { src: "c0", dest: "n1", body: { type: "init", node_id: "n1", node_ids: ["n1"], msg_id: 1 } },
      { src: "c0", dest: "n1", body: { type: "echo", echo: "hi", msg_id: 2 } },
    ]);
    const replies = out.trim().split("\n").map((l) => JSON.parse(l) as { body: { type: string; echo?: string } });
    expect(replies.map((m) => m.body.type)).toEqual(["init_ok", "echo_ok"]);
    expect(replies[1]!.body.echo).toBe("hi");
  });

  it("names FILE.mjs beside the source by default", async () => {
    writeFileSync(join(dir, "tiny.ts"), "const n: number = 1;\nconsole.log(n);\n");
    const r = await bundle(["tiny.ts"]);
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, "tiny.mjs"))).toBe(true);
  });

  it("refuses bad arguments (254) and names where a file cannot be bundled (1)", async () => {
    expect((await bundle([])).code).toBe(254);
    const missing = await bundle(["nope.ts"]);
    expect(missing.code).toBe(254);
    expect(missing.err).toMatch(/nope\.ts: no such file/);
    expect((await bundle(["tiny.ts", "--minify"])).err).toContain('unknown option "--minify"');
    expect((await bundle(["tiny.ts", "-o"])).err).toContain("-o needs a file name");
    writeFileSync(join(dir, "broken.ts"), "const x: number = ;\n");
    const broken = await bundle(["broken.ts"]);
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(/broken\.ts:1:19: Unexpected ";"/);
  });
});
