import { describe, expect, it } from "vitest";
import { PassThrough } from "node:stream";
import { MemoryTransport } from "../../../lib/runtime/memory-transport.js";
import { StdioTransport } from "../../../lib/runtime/stdio-transport.js";
import { runTransportContract } from "./transport-contract.js";

runTransportContract("StdioTransport over streams", () => {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = "";
  output.on("data", (d: Buffer) => (text += d.toString("utf8")));
  return {
    transport: new StdioTransport(input, output),
    feed: (t) => input.write(t),
    end: () => input.end(),
    written: () => text,
  };
});

runTransportContract("MemoryTransport", () => {
  const transport = new MemoryTransport();
  let partial = "";
  return {
    transport,
    // The memory transport takes whole lines; split the text the way a stream reader would.
    feed: (t) => {
      const parts = (partial + t).split("\n");
      partial = parts.pop()!;
      for (const p of parts) transport.push(p);
    },
    end: () => {
      if (partial !== "") transport.push(partial);
      partial = "";
      transport.end();
    },
    written: () => transport.output.map((l) => l + "\n").join(""),
  };
});

describe("MemoryTransport with keepOutput: false", () => {
  it("hands each line to its listeners and keeps none", () => {
    const t = new MemoryTransport({ keepOutput: false });
    const seen: string[] = [];
    t.onOutput((l) => seen.push(l));
    t.write("a");
    t.write("b");
    expect(seen).toEqual(["a", "b"]);
    expect(t.output).toEqual([]);
  });
});
