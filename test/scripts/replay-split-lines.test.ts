import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { splitLines } from "../../scripts/replay/split-lines.js";

async function lines(chunks: (string | Buffer)[], max?: number): Promise<string[]> {
  const got: string[] = [];
  const stream = Readable.from(chunks);
  splitLines(stream, (l) => got.push(l), undefined, max);
  await new Promise((r) => stream.on("end", r));
  return got;
}

describe("replay's splitLines", () => {
  it("splits at \\n only, keeps \\r, keeps split UTF-8 whole, and delivers a last line without a newline", async () => {
    const euro = Buffer.from("€");
    expect(await lines(["a\r\nb", "\rc\n", euro.subarray(0, 1), Buffer.concat([euro.subarray(1), Buffer.from("\nlast")])])).toEqual(["a\r", "b\rc", "€", "last"]);
  });

  it("puts a note with its length in place of a line over the limit, and goes on", async () => {
    expect(await lines(["0123456789ABCDEF\nok\n"], 10)).toEqual(["0123456789… (a line of 16 bytes, longer than replay's limit of 10 bytes: only its start is kept)", "ok"]);
  });
});
