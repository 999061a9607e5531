import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkElle } from "../../../../maelstrom-workloads/checkers/elle/check-elle.js";
import { seededRng } from "../../../../maelstrom-workloads/model/random.js";
import { storeHistory } from "../../../../scripts/bench/store-history.js";

/**
 * Histories of a real store that applies each txn atomically inside its
 * invocation-completion window are strict serializable, so the checker must
 * never report an anomaly for them (only "unknown" for an edgeless graph).
 */
describe("checkElle on histories of an atomic in-memory store", () => {
  for (const kind of ["list-append", "rw-register"] as const) {
    it(`${kind}: always valid under strict-serializable`, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 2 ** 31 - 1 }),
          fc.integer({ min: 1, max: 5 }),
          fc.integer({ min: 1, max: 40 }),
          fc.integer({ min: 1, max: 4 }),
          fc.integer({ min: 1, max: 6 }),
          (seed, processes, txns, keyCount, maxTxnLength) => {
            const h = storeHistory(seededRng(seed), {
              kind, processes, txns, keyCount, maxTxnLength, maxWritesPerKey: 4, failRate: 0.1, infoRate: 0.1,
            });
            const r = checkElle(h, { kind, consistencyModels: ["strict-serializable"] });
            if (r["valid?"] === "unknown") expect(r["anomaly-types"]).toEqual(["empty-transaction-graph"]);
            else expect(r["valid?"], JSON.stringify({ r, h })).toBe(true);
          },
        ),
        { numRuns: 300 },
      );
    });
  }

  it("a 6000-txn concurrent history checks in well under 10 s", () => {
    for (const kind of ["list-append", "rw-register"] as const) {
      const h = storeHistory(seededRng(7), {
        kind, processes: 10, txns: 6000, keyCount: 10, maxTxnLength: 4, maxWritesPerKey: 16, failRate: 0.05, infoRate: 0.02,
      });
      const t0 = performance.now();
      const r = checkElle(h, { kind, consistencyModels: ["strict-serializable"] });
      const s = (performance.now() - t0) / 1000;
      expect(r["valid?"]).toBe(true);
      expect(s).toBeLessThan(10);
    }
  });

  it("the same store reading from a stale snapshot is caught (the property can fail)", () => {
    for (const kind of ["list-append", "rw-register"] as const) {
      const h = storeHistory(seededRng(3), {
        kind, processes: 5, txns: 400, keyCount: 3, maxTxnLength: 4, maxWritesPerKey: 16, failRate: 0, infoRate: 0, staleReads: true,
      });
      const r = checkElle(h, { kind, consistencyModels: ["strict-serializable"] });
      expect(r["valid?"]).toBe(false);
      expect((r["anomaly-types"] as string[]).some((a) => /^G(-single|2|-nonadjacent|0|1c)/.test(a) || a === "lost-update")).toBe(true);
    }
  });
});
