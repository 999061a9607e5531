import { describe, expect, it } from "vitest";
import { ERROR_TABLE, ErrorCode, errorName, isDefinite } from "../../../lib/protocol/error-table.js";
import { RpcError } from "../../../lib/protocol/rpc-error.js";

describe("error table", () => {
  // Maelstrom's resources/errors.edn, row by row: code, name, definite.
  it.each([
    [0, "timeout", false],
    [1, "node-not-found", true],
    [10, "not-supported", true],
    [11, "temporarily-unavailable", true],
    [12, "malformed-request", true],
    [13, "crash", false],
    [14, "abort", true],
    [20, "key-does-not-exist", true],
    [21, "key-already-exists", true],
    [22, "precondition-failed", true],
    [30, "txn-conflict", true],
  ])("code %i is %s, definite=%s", (code, name, definite) => {
    expect(errorName(code)).toBe(name);
    expect(isDefinite(code)).toBe(definite);
  });

  it("has exactly Maelstrom's eleven codes, and ErrorCode names each of them", () => {
    expect(ERROR_TABLE.map((e) => e.code)).toEqual([0, 1, 10, 11, 12, 13, 14, 20, 21, 22, 30]);
    expect(Object.values(ErrorCode).sort((a, b) => a - b)).toEqual(ERROR_TABLE.map((e) => e.code));
  });

  it("treats unknown and user codes as indefinite, named unknown", () => {
    expect(errorName(1000)).toBe("unknown");
    expect(isDefinite(1000)).toBe(false);
    expect(isDefinite(-1)).toBe(false);
  });
});

describe("RpcError", () => {
  it("serialises to the wire error body with its extra keys", () => {
    expect(new RpcError(22, "current value 3 is not 1", { current: 3 }).toBody()).toEqual({ type: "error", code: 22, text: "current value 3 is not 1", current: 3 });
  });

  it("round-trips through an error reply body, ignoring ids", () => {
    const e = RpcError.fromBody({ type: "error", code: 11, text: "no quorum", in_reply_to: 4, msg_id: 9, leader: "n2" });
    expect(e).toMatchObject({ code: 11, text: "no quorum", extra: { leader: "n2" }, definite: true, kind: "temporarily-unavailable" });
  });

  it("reads a missing or non-integer code as crash, the safe indefinite default", () => {
    expect(RpcError.fromBody({ type: "error" }).code).toBe(13);
    expect(RpcError.fromBody({ type: "error", code: "11" }).code).toBe(13);
  });

  it("defaults the text to the code's name", () => {
    expect(new RpcError(14).text).toBe("abort");
  });
});
