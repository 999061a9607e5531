import { describe, expect, it } from "vitest";
import { ELLE_MODELS, anomaliesProhibitedBy, modelBoundary, validateModels } from "../../../../maelstrom-workloads/checkers/elle/models.js";
import { classifyCycle } from "../../../../maelstrom-workloads/checkers/elle/cycle-search.js";
import { REALTIME, RW, WR, WW, PROCESS } from "../../../../maelstrom-workloads/checkers/elle/dep-graph.js";
import { checkElle } from "../../../../maelstrom-workloads/checkers/elle/check-elle.js";

describe("Elle's consistency models", () => {
  it("accepts Elle's names, friendly and canonical, and refuses others listing them", () => {
    for (const m of ["strict-serializable", "serializable", "read-committed", "read-uncommitted", "snapshot-isolation", "repeatable-read", "PL-2"]) {
      expect(ELLE_MODELS).toContain(m);
    }
    expect(() => validateModels(["serialisable"])).toThrow(/Unknown consistency model serialisable; known models are: .*strict-serializable/);
    expect(() => checkElle([], { kind: "list-append", consistencyModels: ["linearisable"] })).toThrow(/known models are/);
  });

  it.each([
    ["read-uncommitted", ["G0", "duplicate-elements"], ["G1a", "G1b", "G1c", "G-single-item", "internal"]],
    ["read-committed", ["G0", "G1a", "G1b", "G1c", "incompatible-order", "dirty-update"], ["G-single-item", "G2-item", "internal", "lost-update"]],
    ["repeatable-read", ["G1c", "G2-item", "G-single-item", "lost-update"], ["G2", "G1c-realtime"]],
    ["snapshot-isolation", ["G1c", "G-single-item", "G-nonadjacent-item", "internal", "lost-update"], ["G2-item", "G2"]],
    ["serializable", ["G1c", "G-single-item", "G2-item", "G2", "internal"], ["G-single-item-realtime", "G2-item-realtime", "G1c-realtime"]],
    ["strict-serializable", ["G2-item", "G-single-item-realtime", "G2-item-realtime", "G1c-realtime", "G0-realtime"], []],
  ])("%s forbids %j and allows %j", (model, forbidden, allowed) => {
    const p = anomaliesProhibitedBy([model]);
    for (const a of forbidden) expect(p.has(a), a).toBe(true);
    for (const a of allowed) expect(p.has(a), a).toBe(false);
  });

  it("names the weakest models an anomaly rules out, and the stronger ones as also-not", () => {
    expect(modelBoundary(["G0"]).not).toEqual(["read-uncommitted"]);
    expect(modelBoundary(["G1a"]).not).toEqual(expect.arrayContaining(["read-committed"]));
    expect(modelBoundary(["G-single-item-realtime"]).not).toEqual(["strong-snapshot-isolation"]);
    expect(modelBoundary(["G-single-item-realtime"])["also-not"]).toContain("strict-serializable");
    expect(modelBoundary(["G-single-item-realtime"])["also-not"]).not.toContain("serializable");
    expect(modelBoundary(["G2-item"])["also-not"]).toContain("strict-serializable");
  });
});

describe("classifyCycle, as Elle's cycle explainer", () => {
  const steps = (...rels: number[]) => rels.map((rel, i) => ({ from: i, to: (i + 1) % rels.length, rel }));
  it.each([
    [[WW, WW], "G0"],
    [[WW, WR], "G1c"],
    [[WR, RW], "G-single-item"],
    [[RW, RW], "G2-item"],
    [[RW, WR, RW, WR], "G-nonadjacent-item"],
    [[RW, WW, RW], "G2-item"], // the last and first rw are adjacent around the cycle
    [[WR, RW, REALTIME], "G-single-item-realtime"],
    [[WW, PROCESS], "G0-process"],
  ])("%j is %s", (rels, name) => {
    expect(classifyCycle(steps(...rels))).toBe(name);
  });
});
