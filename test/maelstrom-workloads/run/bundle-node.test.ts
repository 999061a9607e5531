import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { bundleNode } from "../../../maelstrom-workloads/run/bundle-node.js";
import { ROOT } from "../../helpers/run-harness.js";

const dir = mkdtempSync(join(tmpdir(), "bundle-node-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function node(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { encoding: "utf8" }, (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

describe("bundleNode", () => {
  it("bundles a TypeScript node into one file that node runs, with stack traces at the .ts lines", async () => {
    const src = join(dir, "thrower.ts");
    writeFileSync(src, ["import { RpcError } from " + JSON.stringify(join(ROOT, "lib/index.js")) + ";", "const n: number = 1;", "function fail(): never {", "  throw new Error(`boom ${n} ${new RpcError(11).code}`);", "}", "fail();", ""].join("\n"));
    const bundle = await bundleNode(src);
    try {
      const r = await node(["--enable-source-maps", bundle.file]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("boom 1 11");
      expect(r.stderr).toMatch(/thrower\.ts:4:9/);
    } finally {
      await bundle.remove();
    }
    expect(existsSync(dirname(bundle.file))).toBe(false);
  });

  // A run builds only the node it runs, and does not type-check it: a type error (here, or in another
  // node of the project) does not stop a run; `npm run typecheck` is where types are judged.
  it("runs a node with a type error: types are stripped, not checked", async () => {
    const src = join(dir, "mistyped.ts");
    writeFileSync(src, 'const n: number = "not a number";\nconsole.log(`ran with ${n}`);\n');
    const bundle = await bundleNode(src);
    try {
      const r = await node([bundle.file]);
      expect(r.stdout).toBe("ran with not a number\n");
    } finally {
      await bundle.remove();
    }
  });

  it("names the file, line and column of what stops the bundle", async () => {
    const src = join(dir, "broken.ts");
    writeFileSync(src, "const x: number = ;\n");
    await expect(bundleNode(src)).rejects.toThrow(/broken\.ts could not be bundled to run: .*broken\.ts:1:19: Unexpected ";"/);
    const missing = join(dir, "imports-missing.ts");
    writeFileSync(missing, 'import { nope } from "./not-there.js";\nconsole.log(nope);\n');
    await expect(bundleNode(missing)).rejects.toThrow(/imports-missing\.ts:1:22: Could not resolve "\.\/not-there\.js"/);
  });

  // The simulator imports a program into its own process: compiled (the installed command), a .ts
  // program is bundled, and its imports of the runtime must load the runtime the host runs, or an
  // RpcError it throws is not the host's RpcError (and would be answered as a crash).
  it("shares the host's runtime with a program the compiled simulator imports", async () => {
    const src = join(dir, "shares.ts");
    writeFileSync(
      src,
      [
        `import { RpcError as ByPath, type Node } from ${JSON.stringify(join(ROOT, "lib/index.js"))};`,
        `import { RpcError as ByName } from "maelstrom-nodes";`,
        "export { ByPath, ByName };",
        "export default function install(_node: Node): void {}",
        "",
      ].join("\n"),
    );
    const host = pathToFileURL(join(ROOT, "dist/maelstrom-workloads/run/bundle-node.js")).href;
    const lib = pathToFileURL(join(ROOT, "dist/lib/index.js")).href;
    const script = `const { importNodeModule } = await import(${JSON.stringify(host)}); const { RpcError } = await import(${JSON.stringify(lib)});
      const m = await importNodeModule(${JSON.stringify(src)}); console.log(JSON.stringify([m.ByPath === RpcError, m.ByName === RpcError, typeof m.default]));`;
    const r = await node(["--input-type=module", "-e", script]);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual([true, true, "function"]);
  });
});
