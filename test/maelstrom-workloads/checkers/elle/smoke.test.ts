import { describe, expect, it } from "vitest";
import { checkElle } from "../../../../maelstrom-workloads/checkers/elle/check-elle.js";
import { serial, history } from "./txn-history.js";

describe("smoke", () => {
  it("serial list-append valid", () => {
    const h = serial([
      [0, [["append", 1, 1], ["r", 1, [1]]]],
      [1, [["r", 1, [1]], ["append", 1, 2]]],
      [0, [["r", 1, [1, 2]]]],
    ]);
    const r = checkElle(h, { kind: "list-append", consistencyModels: ["strict-serializable"] });
    expect(r["valid?"]).toBe(true);
  });
  it("G0", () => {
    const h = history([
      [0, "invoke"], [1, "invoke"],
      [0, "ok", [["append", 1, 1], ["append", 2, 1]]],
      [1, "ok", [["append", 1, 2], ["append", 2, 2]]],
      [2, "invoke"], [2, "ok", [["r", 1, [1, 2]], ["r", 2, [2, 1]]]],
    ]);
    const r = checkElle(h, { kind: "list-append", consistencyModels: ["read-uncommitted"] });
    expect(r["valid?"]).toBe(false);
  });
});
