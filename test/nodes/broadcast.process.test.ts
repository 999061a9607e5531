import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runNodeProcess } from "../helpers/spawn-node.js";

const bin = resolve(import.meta.dirname, "../../nodes/broadcast.ts");

// What Maelstrom would send first: if the flag were accepted, the node would answer it.
const init = '{"src":"c0","dest":"n1","body":{"type":"init","node_id":"n1","node_ids":["n1"],"msg_id":1}}';

describe("nodes/broadcast.ts as a process", () => {
  it("refuses --period 3000000000 at start-up: exit 2, the flag, value and range on stderr, nothing on stdout", async () => {
    const r = await runNodeProcess(bin, [init], { args: ["--period", "3000000000"] });
    expect(r.code).toBe(2);
    expect(r.stdout).toEqual([]);
    expect(r.stderr).toContain('broadcast: --period: expected a whole number of milliseconds from 1 to 2147483647, got "3000000000"');
  });
});
