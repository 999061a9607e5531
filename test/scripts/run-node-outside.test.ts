// A node of the user's own, outside this repository, that copied the launcher line: run-node.sh
// says that no build of ours compiles it and what to do instead (the bundle command), rather than
// advising `npm run build`; without tsx to fall back on it exits 127 saying so.
import { execFile } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/run-harness.js";

const dir = mkdtempSync(join(tmpdir(), "run-node-outside-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const INIT = JSON.stringify({ src: "c0", dest: "n1", body: { type: "init", node_id: "n1", node_ids: ["n1"], msg_id: 1 } }) + "\n";

function nodeFile(launcher: string): string {
  const file = join(dir, `node-${Math.random().toString(36).slice(2)}.ts`);
  writeFileSync(
    file,
    [
      "#!/bin/sh",
      `":" //; exec ${JSON.stringify(launcher)} "$0" "$@"`,
      `import { type Node, runIfMain } from ${JSON.stringify(join(ROOT, "lib/index.js"))};`,
      "export default function install(_node: Node): void {}",
      "runIfMain(import.meta.url, install);",
      "",
    ].join("\n"),
  );
  chmodSync(file, 0o755);
  return file;
}

function start(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(file, [], { encoding: "utf8" }, (e, stdout, stderr) => resolve({ code: e ? Number((e as { code?: number }).code ?? 1) : 0, stdout, stderr }));
    child.stdin!.end(INIT);
  });
}

describe("run-node.sh with a node outside the repository", () => {
  it("runs it through tsx, naming why and the bundle command, not npm run build", async () => {
    const file = nodeFile(join(ROOT, "scripts/run-node.sh"));
    const r = await start(file);
    expect(r.stdout).toContain('"init_ok"');
    expect(r.stderr).toContain(`${file} is outside ${ROOT}, so no build of ours compiles it`);
    expect(r.stderr).toContain(`maelstrom-nodes bundle ${file}`);
    expect(r.stderr).not.toContain("'npm run build' fixes this");
  });

  it("exits 127 saying so when there is no tsx to run it from source", async () => {
    const root = join(dir, "installed");
    mkdirSync(join(root, "scripts"), { recursive: true });
    copyFileSync(join(ROOT, "scripts/run-node.sh"), join(root, "scripts/run-node.sh"));
    const r = await start(nodeFile(join(root, "scripts/run-node.sh")));
    expect(r.code).toBe(127);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/and tsx is not installed in .*installed to run .* from source; for a node of your own, 'maelstrom-nodes bundle/);
  });
});
