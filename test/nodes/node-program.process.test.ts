import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runNodeProcess } from "../helpers/spawn-node.js";

const root = resolve(import.meta.dirname, "../..");

const init = '{"src":"c0","dest":"n1","body":{"type":"init","node_id":"n1","node_ids":["n1"],"msg_id":1}}';
const echo = '{"src":"c0","dest":"n1","body":{"type":"echo","echo":"hi","msg_id":2}}';

describe("a node program file run as a process (runIfMain)", () => {
  it("serves stdio when run through tsx from its .ts source, as run-node.sh does when dist/ is stale", async () => {
    const r = await runNodeProcess(process.execPath, [init, echo], { args: ["--import", `file://${root}/node_modules/tsx/dist/loader.mjs`, join(root, "nodes/echo.ts")] });
    expect(r.code).toBe(0);
    expect(r.stdout.map((l) => JSON.parse(l).body.type)).toEqual(["init_ok", "echo_ok"]);
  });

  it("serves stdio when run as dist/nodes/<name>.js (npm run build first)", async () => {
    const r = await runNodeProcess(process.execPath, [init, echo], { args: [join(root, "dist/nodes/echo.js")] });
    expect(r.code).toBe(0);
    expect(r.stdout.map((l) => JSON.parse(l).body.type)).toEqual(["init_ok", "echo_ok"]);
  });

  it("nodes/broadcast.ts --help prints the usage on stdout and exits 0, answering nothing", async () => {
    const r = await runNodeProcess(join(root, "nodes/broadcast.ts"), [init], { args: ["--help"] });
    expect(r.code).toBe(0);
    expect(r.stdout[0]).toMatch(/^usage: nodes\/broadcast\.ts \[frugal\|fast\] \[options\]$/);
    expect(r.stdout.join("\n")).not.toContain("init_ok");
  });

  it("a host running from dist/ (plain node, no tsx loader) loads nodes/broadcast.ts bundled (the simulator's importer), and its argument errors still read clearly", async () => {
    const script = `
      const lib = await import(${JSON.stringify(join(root, "dist/lib/index.js"))});
      const { importNodeModule } = await import(${JSON.stringify(join(root, "dist/maelstrom-workloads/run/bundle-node.js"))});
      const install = await lib.loadNodeProgram(${JSON.stringify(join(root, "nodes/broadcast.ts"))}, process.cwd(), importNodeModule);
      const transport = new lib.MemoryTransport();
      const node = new lib.Node({ transport, clock: new lib.VirtualClock(), logLevel: "off" });
      install(node, ["fast"]);
      void node.run();
      transport.push(JSON.stringify({ src: "c1", dest: "n1", body: { type: "init", msg_id: 1, node_id: "n1", node_ids: ["n1"] } }));
      console.log(transport.output.join("\\n"));
      try { install(node, ["--rto", "1"]); } catch (e) { console.log(e.message.split("\\n")[0]); }
      process.exit(0);`;
    // From an empty folder, which the checkout cannot be inside, the program's path is shown absolute.
    const r = await runNodeProcess(process.execPath, [], { args: ["--input-type=module", "-e", script], cwd: mkdtempSync(join(tmpdir(), "host-")) });
    expect(r.stderr).toBe("");
    expect(r.stdout).toEqual([
      '{"src":"n1","dest":"c1","body":{"type":"init_ok","msg_id":1,"in_reply_to":1}}',
      `${join(root, "nodes/broadcast.ts")} refused its arguments ["--rto","1"] (as a process it would exit 2): broadcast: --rto (1) must exceed --ack-delay (1500), or batches are resent before their acks can arrive`,
    ]);
  });

  it("without an importer, a host running from dist/ says it cannot import TypeScript and what to do", async () => {
    const script = `
      const lib = await import(${JSON.stringify(join(root, "dist/lib/index.js"))});
      try { await lib.loadNodeProgram(${JSON.stringify(join(root, "nodes/echo.ts"))}); } catch (e) { console.log(e.message); }
      process.exit(0);`;
    const r = await runNodeProcess(process.execPath, [], { args: ["--input-type=module", "-e", script], cwd: mkdtempSync(join(tmpdir(), "host-")) });
    expect(r.stdout.join("\n")).toMatch(/nodes\/echo\.ts could not be loaded: .*this process runs compiled JavaScript and cannot import TypeScript by itself; run it through tsx, or pass an importer/);
  });
});
