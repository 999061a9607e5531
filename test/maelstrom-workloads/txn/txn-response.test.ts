import { describe, expect, it } from "vitest";
import { txnOkSchema } from "../../../maelstrom-workloads/txn/txn-response.js";

// Maelstrom's txn_ok schemas (txn_rw_register.clj, txn_list_append.clj).

describe("txnOkSchema", () => {
  const rw = txnOkSchema("w");
  const la = txnOkSchema("append");
  const ok = (txn: unknown) => ({ type: "txn_ok", in_reply_to: 1, txn });

  it("accepts completed transactions (any keys and values; a null txn, as Prismatic's [..] schema)", () => {
    expect(rw(ok([["r", 1, 3], ["w", 1, 4], ["r", 2, null]]))).toBeUndefined();
    expect(la(ok([["r", 1, [1, 2]], ["append", 1, 3], ["r", 2, null]]))).toBeUndefined();
    expect(rw(ok([]))).toBeUndefined();
    expect(rw(ok(null))).toBeUndefined();
  });

  it("refuses micro-ops of the wrong shape or function, list-append reads that are not lists, and extra fields", () => {
    expect(rw(ok([["r", 1]]))).toMatch(/micro-op 0 must be a 3-element array \[f, k, v\], got \["r",1\]/);
    expect(rw(ok([["append", 1, 2]]))).toMatch(/micro-op 0 must start with "r" or "w"/);
    expect(la(ok([["w", 1, 2]]))).toMatch(/must start with "r" or "append"/);
    expect(la(ok([["r", 1, 3]]))).toMatch(/micro-op 0 reads 3; a list-append read must return a list/);
    expect(rw({ type: "txn_ok", in_reply_to: 1 })).toMatch(/txn is missing/);
    expect(rw(ok({}))).toMatch(/txn must be a JSON array of micro-ops/);
    expect(rw({ ...ok([]), extra: 1 })).toMatch(/unexpected field\(s\) "extra"/);
  });
});
