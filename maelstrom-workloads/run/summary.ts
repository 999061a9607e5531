import type { CheckResult } from "../checkers/check-result.js";
import { jsonText } from "../model/json-text.js";
import { plural } from "../model/plural.js";

const VERDICT: Record<string, string> = {
  true: "Everything looks good!",
  false: "Analysis invalid!",
  unknown: "Errors occurred during analysis, but no anomalies found",
};

type Dict = Record<string, unknown>;
const get = (o: unknown, ...path: string[]): unknown => path.reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Dict)[k] : undefined), o);

/** How many nodes' final reads the summary lists one by one, and how many values of each. */
const LACKING_NODES_SHOWN = 8;
const LACKED_VALUES_SHOWN = 10;

/** The few lines a person reads at the end of a run (`workload` names the set-full line; broadcast when not given). */
export function summarise(r: CheckResult, dir: string, exitCode: number, workload = "broadcast"): string[] {
  const lines = ["", "── results"];
  for (const [k, v] of Object.entries(r)) {
    if (k === "valid?" || k === "harness") continue;
    lines.push(`  ${k.padEnd(13)} valid? ${String((v as Dict)?.["valid?"])}`);
  }
  const stats = get(r, "stats") as Dict | undefined;
  if (stats) lines.push(`  ops          ${stats.count} completed: ${stats["ok-count"]} ok, ${stats["fail-count"]} fail, ${stats["info-count"]} info`);
  lines.push(...neverOk(stats));
  lines.push(...firstException(get(r, "exceptions", "exceptions")));
  const wl = get(r, "workload") as Dict | undefined;
  if (wl && "attempt-count" in wl) {
    const sl = wl["stable-latencies"] as Dict | undefined;
    lines.push(`  ${workload.padEnd(13)}${plural(wl["attempt-count"] as number, "value")}: ${wl["stable-count"]} stable, ${wl["lost-count"]} lost${(wl["lost-count"] as number) > 0 ? ` ${cut(jsonText(wl.lost), 80)}` : ""}, ${wl["never-read-count"]} never read, ${wl["stale-count"]} stale`);
    if (sl) lines.push(`  stable lat.  median ${sl["0.5"]} ms, p95 ${sl["0.95"]} ms, max ${sl["1"]} ms`);
    lines.push(...finalReads(wl["final-read-lacks"]));
  }
  const anomalies = wl?.["anomaly-counts"] as Record<string, number> | undefined;
  if (anomalies) {
    const found = Object.entries(anomalies).filter(([, n]) => n > 0);
    lines.push(`  causal       ${found.length > 0 ? found.map(([k, n]) => `${n} ${k}`).join(", ") : "no anomalies"}${found.length > 0 ? ' (see "anomalies" in results.json)' : ""}`);
  }
  if (wl && "false-positive-count" in wl) {
    const found = Object.entries((wl["finding-counts"] as Record<string, number>) ?? {}).filter(([, n]) => n > 0);
    const det = wl["detection-latencies"] as Dict | null;
    lines.push(`  membership   ${found.length > 0 ? found.map(([k, n]) => `${n} ${k}`).join(", ") + ' (see "findings" in results.json)' : "no findings"}; ${plural(wl["kill-count"] as number, "kill")}${det ? `, ${det.count} agreed dead after median ${det["0.5"]} ms, max ${det["1"]} ms` : ""}${wl["kills-not-agreed-before-restart"] ? `, ${wl["kills-not-agreed-before-restart"]} restarted before all agreed (see "kills-not-agreed")` : ""}; recovery ${wl["recovery-latency"] ?? "-"} ms; ${wl["msgs-per-node-per-period"] ?? "-"} msgs/node/period`);
  }
  if (wl && "attempted-count" in wl) {
    const dup = wl["duplicated-count"] as number;
    lines.push(`  unique-ids   ${plural(wl["acknowledged-count"] as number, "id")} of ${plural(wl["attempted-count"] as number, "attempt")}: ${dup} duplicated${dup > 0 ? ` ${jsonText(wl.duplicated).slice(0, 80)}` : ""}; range ${jsonText(wl.range).slice(0, 80)}`);
  }
  if (wl && "acceptable" in wl) {
    const reads = (wl["final-reads"] as unknown[]) ?? [];
    const bad = Array.isArray(wl.errors) ? (wl.errors as { value?: unknown }[]) : [];
    const acceptable = (wl.acceptable as [number, number][]) ?? [];
    const span = acceptable.length > 0 ? `${acceptable[0]![0]}..${acceptable[acceptable.length - 1]![1]}${acceptable.length > 1 ? ` in ${acceptable.length} intervals` : ""}` : "none";
    lines.push(`  counter      ${plural(reads.length, "final read")} ${jsonText(reads).slice(0, 60)}; acceptable ${span}; ${bad.length} outside it${bad.length > 0 ? `, first ${jsonText(bad[0]!.value)}` : ""}`);
  }
  if (wl && "key-count" in wl && "failures" in wl) {
    const failures = (wl.failures as string[]) ?? [];
    const unknown = (wl.unknown as string[]) ?? [];
    const worst = wl["worst-key"] as Dict | null;
    lines.push(`  linearizable ${plural(wl["op-count"] as number, "op")} on ${plural(wl["key-count"] as number, "key")}: ${failures.length} not linearizable${failures.length ? ` (keys ${failures.slice(0, 8).join(", ")})` : ""}, ${unknown.length} unknown${worst ? `; largest search ${plural(worst["configs-explored"] as number, "configuration")} (key ${worst.key})` : ""}`);
    const first = failures.length > 0 ? get(wl, "results", failures[0]!, "why") : unknown.length > 0 ? get(wl, "results", unknown[0]!, "why") : undefined;
    if (typeof first === "string") lines.push(`  first        ${first.slice(0, 400)}`);
  }
  if (wl && "bad-error-types" in wl && "lost-count" in wl) lines.push(kafkaLine(wl));
  if (wl && "task-rerun-count" in wl) {
    const lat = wl["job-latencies"] as Dict | null;
    const rec = wl["leader-recovery-latencies"] as Dict | null;
    const pct = (x: unknown) => (typeof x === "number" ? `${Math.round(x * 100)}%` : "-");
    lines.push(`  jobs         ${wl["acknowledged-count"]} acknowledged: ${wl["completed-count"]} done right, ${wl["stopped-count"]} stopped, ${wl["unfinished-count"]} unfinished, ${wl["lost-count"] ?? 0} lost; ${plural(wl["wrong-result-count"] as number, "wrong result")}, ${plural(wl["regressed-status-count"] as number, "regression")}${wl["regressed-tasks-done-count"] ? ` (and tasks_done went down ${plural(wl["regressed-tasks-done-count"] as number, "time")})` : ""}${lat ? `; done after median ${lat["0.5"]} ms, max ${lat["1"]} ms` : ""}`);
    lines.push(`  jobs faults  ${plural(wl["leader-kill-count"] as number, "leader kill")}${rec ? `, progress again after median ${rec["0.5"]} ms, max ${rec["1"]} ms` : ""}; ${plural(wl["task-rerun-count"] as number, "task rerun")}; slots ${pct(wl["slot-utilisation"])} busy (${pct(wl["slot-utilisation-while-queued"])} while healthy with work queued, over ${plural((wl["slot-utilisation-while-queued-count"] as number | undefined) ?? 0, "reply", "replies")})`);
  }
  for (const [k, v] of Object.entries(r)) {
    const error = (v as Dict | undefined)?.error;
    if (k !== "valid?" && (v as Dict | undefined)?.["valid?"] === "unknown" && typeof error === "string") lines.push(`  ${k.padEnd(13)}unknown: ${error.split("\n")[0]!.slice(0, 300)}`);
  }
  if (wl && !("acceptable" in wl) && Array.isArray(wl.errors) && wl.errors.length) lines.push(`  echo errors  ${wl.errors.length}, first: ${jsonText(wl.errors[0]).slice(0, 160)}`);
  const mpo = get(r, "net", "servers", "msgs-per-op");
  if (mpo !== undefined) lines.push(`  net          ${(mpo as number).toFixed(2)} server msgs/op, ${plural(get(r, "net", "all", "msg-count") as number, "message")} in all`);
  const av = get(r, "availability", "ok-fraction");
  if (av !== undefined) lines.push(`  availability ${(av as number).toFixed(3)} of ops ok`);
  const late = get(r, "harness", "delivery-lateness-ms") as Dict | null;
  if (late) lines.push(`  harness      delivery lateness p99 ${late["0.99"]} ms, max ${late["1"]} ms over ${plural(late.count as number, "timed delivery", "timed deliveries")}`);
  const stopped = get(r, "harness", "output-stopped") as unknown[];
  if (stopped?.length) lines.push(`  WARNING      the output of ${plural(stopped.length, "node")} stopped being routed: see "harness" in results.json`);
  lines.push(`  stored in    ${dir}`);
  lines.push("", `${VERDICT[String(r["valid?"])] ?? ""} (valid? ${String(r["valid?"])}, exit ${exitCode})`);
  return lines;
}

/** Jepsen's stats checker is invalid when some f never completed ok: name those fs. */
function neverOk(stats: Dict | undefined): string[] {
  const byF = Object.entries((stats?.["by-f"] as Record<string, Dict> | undefined) ?? {}).filter(([, s]) => s["ok-count"] === 0);
  if (stats?.["valid?"] !== false || byF.length === 0) return [];
  return [`  stats        invalid: ${byF.map(([f, s]) => `no ${f} completed ok (${plural(s.count as number, "attempt")})`).join(", ")}`];
}

/** The exceptions checker's groups (by class, most common first): how many, and the first op's exception. */
function firstException(groups: unknown): string[] {
  if (!Array.isArray(groups) || groups.length === 0) return [];
  const gs = groups as { count: number; class: string; example: { index: number; f: string; exception?: string } }[];
  const total = gs.reduce((n, g) => n + g.count, 0);
  const first = gs.reduce((a, b) => (b.example.index < a.example.index ? b : a));
  const more = gs.length > 1 ? ` (${plural(gs.length, "class", "classes")}: see "exceptions" in results.json)` : "";
  return [`  exceptions   ${plural(total, "op")} ended in an exception${more}; the first, op ${first.example.index} (${first.example.f}): ${String(first.example.exception).slice(0, 300)}`];
}

/** Our "final-read-lacks" (broadcast): per node, the known values its final reads lacked. */
function finalReads(lacks: unknown): string[] {
  if (!lacks || typeof lacks !== "object") return [];
  const nodes = Object.entries(lacks as Record<string, { "read-count": number; "lacks-count": number | null; lacks: unknown[] }>);
  if (nodes.length === 0) return [];
  const lacking = nodes.filter(([, n]) => (n["lacks-count"] ?? 0) > 0);
  const unread = nodes.filter(([, n]) => n["lacks-count"] === null).map(([id]) => id);
  const none = nodes.length - lacking.length - unread.length;
  if (lacking.length === 0 && unread.length === 0) return [`  final reads  no node's final read lacked a known value (${plural(none, "node")})`];
  const parts = [];
  if (lacking.length > 0) parts.push(`${plural(lacking.length, "node")} lacked known values`, ...(none > 0 ? [`${plural(none, "node")} lacked none`] : []));
  else if (none > 0) parts.push(`${plural(none, "node")} lacked no known value`);
  if (unread.length > 0) parts.push(`${unread.slice(0, LACKING_NODES_SHOWN).join(", ")}${unread.length > LACKING_NODES_SHOWN ? ", ..." : ""} had no final read that completed ok`);
  const lines = [`  final reads  ${parts.join(", ")}`];
  for (const [id, n] of lacking.slice(0, LACKING_NODES_SHOWN)) {
    const shown = n.lacks.slice(0, LACKED_VALUES_SHOWN).map((v) => jsonText(v));
    lines.push(`    ${id} lacks ${plural(n["lacks-count"]!, "value")}: ${shown.join(", ")}${n["lacks-count"]! > shown.length ? ", ..." : ""}`);
  }
  if (lacking.length > LACKING_NODES_SHOWN) lines.push(`    and ${plural(lacking.length - LACKING_NODES_SHOWN, "more node")}: see "final-read-lacks" in results.json`);
  return lines;
}

/** The kafka checker's error types with their counts, and the first bad one's first finding. */
function kafkaLine(wl: Dict): string {
  const types = (wl["error-types"] as string[]) ?? [];
  const bad = (wl["bad-error-types"] as string[]) ?? [];
  const count = (t: string): number => {
    const e = wl[t] as Dict | undefined;
    if (t === "unseen") return Object.values((e?.unseen as Record<string, number>) ?? {}).reduce((n, x) => n + x, 0);
    return (e?.count as number) ?? 0;
  };
  if (types.length === 0) return `  kafka        no errors in ${plural(wl["op-count"] as number, "op")}`;
  const first = bad[0] ?? types[0]!;
  const e = wl[first] as Dict | undefined;
  const why = first === "unseen" ? e?.explanation : (e?.errs as Dict[] | undefined)?.[0]?.explanation;
  const allowed = types.filter((t) => !bad.includes(t));
  return `  kafka        ${bad.map((t) => `${t} ${count(t)}`).join(", ")}${allowed.length ? `${bad.length ? "; " : ""}allowed: ${allowed.map((t) => `${t} ${count(t)}`).join(", ")}` : ""}; first: ${cut(String(why ?? first), 400)}`;
}

/** `text`, or its first `max` characters and "..." when it is longer. */
function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}...`;
}
