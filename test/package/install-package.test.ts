// The package as a new user gets it: packed as `npm install <git url>` would
// (after `prepare` builds dist/), installed into a fresh project outside this
// repository, a TypeScript node written there against the package's types,
// type-checked with them, and run with `npx maelstrom-nodes test` and `sim`
// from that project's folder, the store written there.
import { execFile, type ExecFileOptions } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/run-harness.js";

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], opts: ExecFileOptions): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(cmd, args, { ...opts, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === "number" ? ((err as { code: number }).code) : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const versionOf = (pkg: string) => (JSON.parse(readFileSync(join(ROOT, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;

const MY_NODE = `import { z } from "zod";
import { ErrorCode, type Node, RpcError, runIfMain } from "maelstrom-nodes";

/** Echo, and broadcast by flooding each new value to every other node. */
export default function install(node: Node): void {
  const seen = new Set<number>();
  node.on("echo", z.object({ echo: z.unknown() }), (msg) => ({ type: "echo_ok", echo: msg.body.echo }));
  node.on("topology", () => ({ type: "topology_ok" }));
  node.on("read", () => ({ type: "read_ok", messages: [...seen] }));
  node.on("broadcast", z.object({ message: z.number() }), (msg) => {
    const value: number = msg.body.message;
    if (!seen.has(value)) {
      seen.add(value);
      for (const peer of node.nodeIds) if (peer !== node.id && peer !== msg.src) node.send(peer, { type: "broadcast", message: value });
    }
    return { type: "broadcast_ok" };
  });
  node.on("broadcast_ok", () => undefined);
  node.on("ping", () => {
    throw new RpcError(ErrorCode.temporarilyUnavailable, "not ready");
  });
}

runIfMain(import.meta.url, install);
`;

// The same node with a type error: the package's types must catch it (they are not \`any\`).
const BAD_NODE = `import { type Node } from "maelstrom-nodes";
export default function install(node: Node): void {
  node.on("echo", (msg) => ({ type: "echo_ok", echo: msg.body.echo }));
  const id: number = node.id;
  void id;
}
`;

describe("the package, installed into a fresh project", () => {
  let dir: string;
  let tarball: string;
  const inProject = (): ExecFileOptions => ({ cwd: dir, env: { ...process.env, INIT_CWD: dir, NO_COLOR: "1" } });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "maelstrom-nodes-project-"));
    // As installing from a git URL does: `prepare` has built dist/ (npm test's pretest did here), then npm packs `files`.
    const packed = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], { cwd: ROOT });
    expect(packed.code, packed.stderr).toBe(0);
    const info = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    tarball = join(dir, info[0]!.filename);
    const shipped = info[0]!.files.map((f) => f.path);
    expect(shipped).toContain("dist/lib/index.d.ts");
    expect(shipped).toContain("dist/scripts/maelstrom-nodes.js");
    expect(shipped.filter((p) => p.startsWith("test/") || p.startsWith("store/") || p.endsWith(".tsbuildinfo"))).toEqual([]);

    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "my-nodes", private: true, type: "module" }));
    // From npm's cache (npm ci filled it): the package, and what the user's own code imports.
    const installed = await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball, `zod@${versionOf("zod")}`, `@types/node@${versionOf("@types/node")}`], inProject());
    expect(installed.code, installed.stderr).toBe(0);
    writeFileSync(join(dir, "my-node.ts"), MY_NODE);
    writeFileSync(join(dir, "bad-node.ts"), BAD_NODE);
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("installs no development tool: its runtime needs are dependencies", () => {
    const pkg = JSON.parse(readFileSync(join(dir, "node_modules/maelstrom-nodes/package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies).sort()).toEqual(["esbuild", "fast-check", "zod"]);
    for (const dev of ["tsx", "typescript", "vitest"]) expect(existsSync(join(dir, "node_modules", dev)), dev).toBe(false);
  });

  it("gives a node written there full types: it type-checks, and a type error is caught", async () => {
    const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
    // One compiler run over both files (each run loads node's and zod's types: seconds): only the bad one may fail.
    const r = await run(process.execPath, [tsc, "--noEmit", "--strict", "--skipLibCheck", "--module", "NodeNext", "--moduleResolution", "NodeNext", "--target", "ES2022", "--types", "node", "my-node.ts", "bad-node.ts"], inProject());
    const errors = r.stdout.split("\n").filter((l) => /error TS/.test(l));
    expect(errors).toEqual([expect.stringMatching(/^bad-node\.ts\(4,9\): error TS2322: Type 'string' is not assignable to type 'number'/)]);
    expect(r.code).not.toBe(0);
  }, 60_000);

  it("runs the .ts node under `npx maelstrom-nodes test`, storing the run in the project", async () => {
    const r = await run("npx", ["--no", "maelstrom-nodes", "test", "-w", "echo", "--bin", "./my-node.ts", "--node-count", "3", "--time-limit", "2"], inProject());
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/bundled \S*my-node\.ts in \d+ ms/);
    const results = JSON.parse(readFileSync(join(dir, "store/echo/latest/results.json"), "utf8")) as { "valid?": unknown };
    expect(results["valid?"]).toBe(true);
    expect(readdirSync(join(dir, "store/echo/latest/node-logs")).sort()).toEqual(["n0.log", "n1.log", "n2.log"]);
  }, 60_000);

  it("runs it under `npx maelstrom-nodes sim`, on the runtime the command runs", async () => {
    const r = await run("npx", ["--no", "maelstrom-nodes", "sim", "-w", "broadcast", "--bin", "./my-node.ts", "--node-count", "5", "--time-limit", "10", "--rate", "10", "--seed", "3"], inProject());
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("Everything looks good!");
    const test = JSON.parse(readFileSync(join(dir, "store/broadcast/latest/test.json"), "utf8")) as { seed: unknown };
    expect(test.seed).toBe(3);
  }, 60_000);

  it("bundles the node into one executable file for the real Maelstrom, which starts its --bin itself", async () => {
    const b = await run("npx", ["--no", "maelstrom-nodes", "bundle", "./my-node.ts"], inProject());
    expect(b.code, b.stderr).toBe(0);
    const started = await new Promise<string>((resolve, reject) => {
      const child = execFile(join(dir, "my-node.mjs"), [], { cwd: tmpdir(), encoding: "utf8" }, (e, stdout, stderr) => (e ? reject(new Error(stderr)) : resolve(stdout)));
      child.stdin!.end(
        [
          { src: "c0", dest: "n1", body: { type: "init", node_id: "n1", node_ids: ["n1"], msg_id: 1 } },
          { src: "c0", dest: "n1", body: { type: "ping", msg_id: 2 } },
        ].map((m) => JSON.stringify(m) + "\n").join(""),
      );
    });
    const bodies = started.trim().split("\n").map((l) => (JSON.parse(l) as { body: { type: string; code?: number } }).body);
    expect(bodies).toEqual([expect.objectContaining({ type: "init_ok" }), expect.objectContaining({ type: "error", code: 11 })]);
  }, 30_000);

  it("searches for the faults that break the node (worker threads load the .ts program), and names the commands to replay it as the user runs them", async () => {
    // Flooding without retries loses values under a partition: the search finds that in a few runs.
    const r = await run("npx", ["--no", "maelstrom-nodes", "sim", "search", "-w", "broadcast", "--bin", "./my-node.ts", "--node-count", "3", "--time-limit", "5", "--budget", "10", "--workers", "1", "--seed", "2"], inProject());
    expect(r.stdout + r.stderr).toMatch(/Found an invalid run/);
    expect(r.stdout).toContain("npx maelstrom-nodes sim test -w broadcast --bin ./my-node.ts");
    expect(r.stdout).toContain("npx maelstrom-nodes test -w broadcast --bin ./my-node.ts");
    expect(r.stdout).not.toMatch(/npm run (sim|maelstrom|replay) --/);
    expect(existsSync(join(dir, "store/search"))).toBe(true);
  }, 60_000);

  it("starts the package's own node files as they are (their launcher runs the shipped dist/)", async () => {
    const out = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      const child = execFile(join(dir, "node_modules/maelstrom-nodes/nodes/echo.ts"), [], { cwd: tmpdir(), encoding: "utf8" }, (e, stdout, stderr) => (e ? reject(new Error(stderr)) : resolve({ stdout, stderr })));
      child.stdin!.end(JSON.stringify({ src: "c0", dest: "n1", body: { type: "init", node_id: "n1", node_ids: ["n1"], msg_id: 1 } }) + "\n");
    });
    expect(out.stdout).toContain('"init_ok"');
    expect(out.stderr).not.toContain("[run-node]");
  }, 30_000);

  it("bundles a node file outside any project: its imports of the package and zod come from the installed package", async () => {
    const outside = mkdtempSync(join(tmpdir(), "maelstrom-nodes-outside-"));
    try {
      writeFileSync(join(outside, "n.ts"), MY_NODE);
      const r = await run("npx", ["--no", "maelstrom-nodes", "sim", "-w", "echo", "--bin", join(outside, "n.ts"), "--node-count", "1", "--time-limit", "2"], inProject());
      expect(r.code, r.stdout + r.stderr).toBe(0);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  }, 30_000);

  it("answers --help fast, naming its own commands", async () => {
    const r = await run("npx", ["--no", "maelstrom-nodes", "sim", "--help"], inProject());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("maelstrom-nodes sim search");
    expect(r.stdout).not.toMatch(/npm run (sim|maelstrom) --/);
    for (const cmd of [["analyze"], ["serve"], ["report"], ["sim", "search"]]) {
      const h = await run("npx", ["--no", "maelstrom-nodes", ...cmd, "--help"], inProject());
      expect(h.stdout, cmd.join(" ")).toContain(`maelstrom-nodes ${cmd.join(" ")}`);
      expect(h.stdout, cmd.join(" ")).not.toMatch(/npm run (sim|maelstrom|replay) --/);
    }
    const top = await run("npx", ["--no", "maelstrom-nodes", "nonsense"], inProject());
    expect(top.code).toBe(254);
    expect(top.stderr).toContain('unknown command "nonsense"');
  }, 30_000);
});
