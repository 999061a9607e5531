import { describe, expect, it } from "vitest";
import { closest, editDistance } from "../../../maelstrom-workloads/options/did-you-mean.js";

describe("editDistance", () => {
  it("counts insertions, deletions and substitutions", () => {
    expect(editDistance("", "")).toBe(0);
    expect(editDistance("abc", "abc")).toBe(0);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("--rate", "--rat")).toBe(1);
    expect(editDistance("ab", "ba")).toBe(2);
  });

  it("is symmetric", () => {
    for (const [a, b] of [["flaw", "lawn"], ["", "x"], ["topology", "topolgy"]] as const) expect(editDistance(a, b)).toBe(editDistance(b, a));
  });
});

describe("closest", () => {
  const names = ["--rate", "--latency", "--latency-dist", "--node", "--nodes", "--node-count", "--nodes-file", "--bin"];

  it("finds near misses, case and underscore slips, and unique prefixes", () => {
    expect(closest("--rat", names)).toBe("--rate");
    expect(closest("--latncy", names)).toBe("--latency");
    expect(closest("--LATENCY", names)).toBe("--latency");
    expect(closest("--node_count", names)).toBe("--node-count");
    expect(closest("--latency-d", names)).toBe("--latency-dist");
    expect(closest("--nodes-f", names)).toBe("--nodes-file");
    expect(closest("-bin", names)).toBe("--bin");
  });

  it("gives nothing when nothing is close", () => {
    expect(closest("--xyzzy", names)).toBeUndefined();
    expect(closest("-q", names)).toBeUndefined();
    // One or two letters are too little to guess from.
    expect(closest("-b", names)).toBeUndefined();
    expect(closest("--ra", names)).toBeUndefined();
    expect(closest("anything", [])).toBeUndefined();
  });
});
