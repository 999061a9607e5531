import { createHash } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { CheckResult } from "../../checkers/check-result.js";
import { RUN_FILES } from "../../model/store-format.js";
import type { FaultSchedule } from "../../nemesis/fault-schedule.js";
import type { TestOptions } from "../../options/index.js";
import { runConfigFrom } from "../../run/run-config.js";
import { runSim } from "../run-sim.js";
import type { InstallNode } from "../sim-cluster.js";
import { plural } from "../../model/plural.js";
import { jsonText } from "../../model/json-text.js";

/** What every run of a search shares, as plain data (it crosses to worker threads): the test's options and command line. */
export interface SearchRunSpec {
  /** The test's options (no --nemesis, no --schedule: the case brings its schedule). */
  options: TestOptions;
  /** The test's arguments, for test.json. */
  argv: readonly string[];
}

/** One run of a search: a schedule on a run seed. */
export interface SearchCase {
  id: number;
  runSeed: number;
  schedule: FaultSchedule;
}

export interface CaseResult {
  id: number;
  /** runSim's: 0 valid, 1 invalid, 2 unknown, 255 crashed. */
  exitCode: number;
  /** Which checkers said invalid and what they found, or why the run crashed; undefined for a valid run. */
  why: string | undefined;
  /** sha256 of the run's history.jsonl: a replay must give the same bytes. */
  historySha256: string;
  simulatedMs: number;
  /** Wall-clock ms the run took here. */
  wallMs: number;
}

/** True for an outcome the search stops at: invalid (1) or crashed (255). Unknown (2) is not a failure found. */
export const isFailure = (exitCode: number): boolean => exitCode === 1 || exitCode === 255;

/**
 * Runs one case in this thread, as `npm run sim -- test ... --seed RUNSEED
 * --schedule FILE` would, writing its store under `storeDir` (a temporary
 * folder) and deleting the run's folder afterwards: a search keeps nothing of
 * a run but its verdict and the digest of its history.
 */
export async function runCase(spec: SearchRunSpec, install: InstallNode, c: SearchCase, storeDir: string): Promise<CaseResult> {
  const t0 = performance.now();
  const cfg = { ...runConfigFrom({ ...spec.options, seed: c.runSeed, schedule: undefined, storeDir }, spec.argv), schedule: c.schedule, install };
  const outcome = await runSim(cfg, () => {});
  let historySha256 = "";
  try {
    historySha256 = createHash("sha256").update(readFileSync(join(outcome.dir, RUN_FILES.history))).digest("hex");
  } catch {
    // A run that crashed before its history was written has none; its verdict says so.
  }
  rmSync(outcome.dir, { recursive: true, force: true });
  return { id: c.id, exitCode: outcome.exitCode, why: whyNotValid(outcome.results, outcome.crash), historySha256, simulatedMs: outcome.simulatedMs, wallMs: performance.now() - t0 };
}

/** What a checker found, in a few words: lost values, duplicated ids, bad final counter reads, keys not linearizable, or why it gave up. */
function found(r: Record<string, unknown>): string {
  // jobs first: its lost-count counts jobs, not set-full's values
  if (typeof r["unfinished-count"] === "number" && "task-rerun-count" in r && r["valid?"] === false) {
    return ` (${plural(r["unfinished-count"], "job")} unfinished, ${r["lost-count"] ?? 0} lost, ${plural(r["wrong-result-count"] as number, "wrong result")}, ${plural(r["regressed-status-count"] as number, "regression")}${r["regressed-tasks-done-count"] ? `, tasks_done went down ${plural(r["regressed-tasks-done-count"] as number, "time")}` : ""})`;
  }
  if (typeof r["lost-count"] === "number" && r["lost-count"] > 0) return ` (${r["lost-count"]} lost: ${jsonText(r.lost).slice(0, 60)})`;
  if (typeof r["duplicated-count"] === "number" && r["duplicated-count"] > 0) return ` (${r["duplicated-count"]} duplicated: ${jsonText(r.duplicated).slice(0, 60)})`;
  if ("acceptable" in r && Array.isArray(r.errors) && r.errors.length > 0) {
    return ` (${plural(r.errors.length, "final read")} outside ${jsonText(r.acceptable).slice(0, 40)}: ${jsonText(r.errors.map((op: { value?: unknown }) => op.value)).slice(0, 40)})`;
  }
  if (Array.isArray(r.failures) && r.failures.length > 0) return ` (${plural(r.failures.length, "key")} not linearizable: ${jsonText(r.failures).slice(0, 40)})`;
  if (r["valid?"] === "unknown" && typeof r.error === "string") return ` (${r.error.slice(0, 80)})`;
  return "";
}

/** One line on why a run is not valid: the crash, or the checkers that said invalid (with what they found). */
export function whyNotValid(results: CheckResult | undefined, crash: string | undefined): string | undefined {
  if (crash !== undefined) return `crashed: ${crash.split("\n")[0]!.slice(0, 300)}`;
  if (!results || results["valid?"] === true) return undefined;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(results)) {
    if (k === "valid?" || k === "harness" || typeof v !== "object" || v === null) continue;
    const r = v as Record<string, unknown>;
    if (r["valid?"] === true) continue;
    parts.push(`${k} ${r["valid?"] === false ? "invalid" : String(r["valid?"])}${found(r)}`);
  }
  return parts.join(", ") || `valid? ${String(results["valid?"])}`;
}
