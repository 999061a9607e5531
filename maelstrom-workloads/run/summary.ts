import type { CheckResult } from "../checkers/check-result.js";
import { jsonText } from "../model/json-text.js";

const VERDICT: Record<string, string> = {
  true: "Everything looks good!",
  false: "Analysis invalid!",
  unknown: "Errors occurred during analysis, but no anomalies found",
};

type Dict = Record<string, unknown>;
const get = (o: unknown, ...path: string[]): unknown => path.reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Dict)[k] : undefined), o);

/** The few lines a person reads at the end of a run (`workload` names the set-full line; broadcast when not given). */
export function summarise(r: CheckResult, dir: string, exitCode: number, workload = "broadcast"): string[] {
  const lines = ["", "── results"];
  for (const [k, v] of Object.entries(r)) {
    if (k === "valid?" || k === "harness") continue;
    lines.push(`  ${k.padEnd(13)} valid? ${String((v as Dict)?.["valid?"])}`);
  }
  const stats = get(r, "stats") as Dict | undefined;
  if (stats) lines.push(`  ops          ${stats.count} completed: ${stats["ok-count"]} ok, ${stats["fail-count"]} fail, ${stats["info-count"]} info`);
  const wl = get(r, "workload") as Dict | undefined;
  if (wl && "attempt-count" in wl) {
    const sl = wl["stable-latencies"] as Dict | undefined;
    lines.push(`  ${workload.padEnd(13)}${wl["attempt-count"]} values: ${wl["stable-count"]} stable, ${wl["lost-count"]} lost${(wl["lost-count"] as number) > 0 ? ` ${jsonText(wl.lost).slice(0, 80)}` : ""}, ${wl["never-read-count"]} never read, ${wl["stale-count"]} stale`);
    if (sl) lines.push(`  stable lat.  median ${sl["0.5"]} ms, p95 ${sl["0.95"]} ms, max ${sl["1"]} ms`);
  }
  const anomalies = wl?.["anomaly-counts"] as Record<string, number> | undefined;
  if (anomalies) {
    const found = Object.entries(anomalies).filter(([, n]) => n > 0);
    lines.push(`  causal       ${found.length > 0 ? found.map(([k, n]) => `${n} ${k}`).join(", ") : "no anomalies"}${found.length > 0 ? ' (see "anomalies" in results.json)' : ""}`);
  }
  if (wl && "false-positive-count" in wl) {
    const found = Object.entries((wl["finding-counts"] as Record<string, number>) ?? {}).filter(([, n]) => n > 0);
    const det = wl["detection-latencies"] as Dict | null;
    lines.push(`  membership   ${found.length > 0 ? found.map(([k, n]) => `${n} ${k}`).join(", ") + ' (see "findings" in results.json)' : "no findings"}; ${wl["kill-count"]} kills${det ? `, ${det.count} agreed dead after median ${det["0.5"]} ms, max ${det["1"]} ms` : ""}${wl["kills-not-agreed-before-restart"] ? `, ${wl["kills-not-agreed-before-restart"]} restarted before all agreed (see "kills-not-agreed")` : ""}; recovery ${wl["recovery-latency"] ?? "-"} ms; ${wl["msgs-per-node-per-period"] ?? "-"} msgs/node/period`);
  }
  if (wl && "attempted-count" in wl) {
    const dup = wl["duplicated-count"] as number;
    lines.push(`  unique-ids   ${wl["acknowledged-count"]} ids of ${wl["attempted-count"]} attempts: ${dup} duplicated${dup > 0 ? ` ${jsonText(wl.duplicated).slice(0, 80)}` : ""}; range ${jsonText(wl.range).slice(0, 80)}`);
  }
  if (wl && "acceptable" in wl) {
    const reads = (wl["final-reads"] as unknown[]) ?? [];
    const bad = Array.isArray(wl.errors) ? (wl.errors as { value?: unknown }[]) : [];
    const acceptable = (wl.acceptable as [number, number][]) ?? [];
    const span = acceptable.length > 0 ? `${acceptable[0]![0]}..${acceptable[acceptable.length - 1]![1]}${acceptable.length > 1 ? ` in ${acceptable.length} intervals` : ""}` : "none";
    lines.push(`  counter      ${reads.length} final reads ${jsonText(reads).slice(0, 60)}; acceptable ${span}; ${bad.length} outside it${bad.length > 0 ? `, first ${jsonText(bad[0]!.value)}` : ""}`);
  }
  if (wl && "key-count" in wl && "failures" in wl) {
    const failures = (wl.failures as string[]) ?? [];
    const unknown = (wl.unknown as string[]) ?? [];
    const worst = wl["worst-key"] as Dict | null;
    lines.push(`  linearizable ${wl["op-count"]} ops on ${wl["key-count"]} ${wl["key-count"] === 1 ? "key" : "keys"}: ${failures.length} not linearizable${failures.length ? ` (keys ${failures.slice(0, 8).join(", ")})` : ""}, ${unknown.length} unknown${worst ? `; largest search ${worst["configs-explored"]} configurations (key ${worst.key})` : ""}`);
    const first = failures.length > 0 ? get(wl, "results", failures[0]!, "why") : unknown.length > 0 ? get(wl, "results", unknown[0]!, "why") : undefined;
    if (typeof first === "string") lines.push(`  first        ${first.slice(0, 400)}`);
  }
  if (wl && "task-rerun-count" in wl) {
    const lat = wl["job-latencies"] as Dict | null;
    const rec = wl["leader-recovery-latencies"] as Dict | null;
    const pct = (x: unknown) => (typeof x === "number" ? `${Math.round(x * 100)}%` : "-");
    lines.push(`  jobs         ${wl["acknowledged-count"]} acknowledged: ${wl["completed-count"]} done right, ${wl["stopped-count"]} stopped, ${wl["unfinished-count"]} unfinished, ${wl["lost-count"] ?? 0} lost; ${wl["wrong-result-count"]} wrong results, ${wl["regressed-status-count"]} regressions${wl["regressed-tasks-done-count"] ? ` (and tasks_done went down ${wl["regressed-tasks-done-count"]} times)` : ""}${lat ? `; done after median ${lat["0.5"]} ms, max ${lat["1"]} ms` : ""}`);
    lines.push(`  jobs faults  ${wl["leader-kill-count"]} leader kills${rec ? `, progress again after median ${rec["0.5"]} ms, max ${rec["1"]} ms` : ""}; ${wl["task-rerun-count"]} task reruns; slots ${pct(wl["slot-utilisation"])} busy (${pct(wl["slot-utilisation-while-queued"])} while healthy with work queued, over ${wl["slot-utilisation-while-queued-count"] ?? 0} replies)`);
  }
  if (wl?.["valid?"] === "unknown" && typeof wl.error === "string") lines.push(`  workload     unknown: ${wl.error.slice(0, 200)}`);
  if (wl && !("acceptable" in wl) && Array.isArray(wl.errors) && wl.errors.length) lines.push(`  echo errors  ${wl.errors.length}, first: ${jsonText(wl.errors[0]).slice(0, 160)}`);
  const mpo = get(r, "net", "servers", "msgs-per-op");
  if (mpo !== undefined) lines.push(`  net          ${(mpo as number).toFixed(2)} server msgs/op, ${get(r, "net", "all", "msg-count")} messages in all`);
  const av = get(r, "availability", "ok-fraction");
  if (av !== undefined) lines.push(`  availability ${(av as number).toFixed(3)} of ops ok`);
  const late = get(r, "harness", "delivery-lateness-ms") as Dict | null;
  if (late) lines.push(`  harness      delivery lateness p99 ${late["0.99"]} ms, max ${late["1"]} ms over ${late.count} timed deliveries`);
  const stopped = get(r, "harness", "output-stopped") as unknown[];
  if (stopped?.length) lines.push(`  WARNING      the output of ${stopped.length} node(s) stopped being routed: see "harness" in results.json`);
  lines.push(`  stored in    ${dir}`);
  lines.push("", `${VERDICT[String(r["valid?"])] ?? ""} (valid? ${String(r["valid?"])}, exit ${exitCode})`);
  return lines;
}
