import { describe, expect, it } from "vitest";
import { MemoryTransport } from "../../lib/runtime/memory-transport.js";
import { Node } from "../../lib/runtime/node.js";
import { NodeProgramExit } from "../../lib/runtime/node-program.js";
import installGCounter from "../../nodes/g-counter.js";
import installPnCounter from "../../nodes/pn-counter.js";

// The counter nodes' command lines: --help prints the usage (exit 0), a bad argument exits 2 saying which.

const node = () => new Node({ transport: new MemoryTransport(), logLevel: "off", logWrite: () => {} });

const programs = { "nodes/g-counter.ts": installGCounter, "nodes/pn-counter.ts": installPnCounter };

async function exitOf(bin: keyof typeof programs, args: string[]): Promise<NodeProgramExit> {
  const install = programs[bin];
  try {
    install(node(), args);
  } catch (e) {
    if (e instanceof NodeProgramExit) return e;
    throw e;
  }
  throw new Error(`${bin} ${args.join(" ")} installed without exiting`);
}

describe("counter node programs' arguments", () => {
  it.each([
    ["nodes/g-counter.ts", ["--help"], 0, /usage: g-counter/],
    ["nodes/g-counter.ts", ["--fast"], 2, /g-counter: unexpected argument "--fast"/],
    ["nodes/pn-counter.ts", ["-h"], 0, /usage: pn-counter \[--gossip-ms MS\]/],
    ["nodes/pn-counter.ts", ["--gossip-ms", "0"], 2, /bad argument "--gossip-ms" \(needs a number of ms > 0, got "0"\)/],
    ["nodes/pn-counter.ts", ["--gossip-ms"], 2, /got nothing/],
    ["nodes/pn-counter.ts", ["fast"], 2, /bad argument "fast"/],
  ] as const)("%s %j exits %i", async (bin, args, code, text) => {
    const e = await exitOf(bin, [...args]);
    expect(e.code).toBe(code);
    expect(e.text).toMatch(text);
    expect(e.stream).toBe(code === 0 ? "stdout" : "stderr");
  });

  it("accepts --gossip-ms 50 and no arguments", () => {
    expect(() => installPnCounter(node(), ["--gossip-ms", "50"])).not.toThrow();
    expect(() => installGCounter(node(), [])).not.toThrow();
  });
});
