import { asObject } from "./json.js";

export interface RunFigures {
  ops?: number;
  msgsPerOp?: number;
  latencyMedian?: number;
  latencyMax?: number;
  lost?: number;
  nodes?: number;
}

/** The key figures of a run, from its results.json (nodes comes from test.json). */
export function figuresOf(results: Record<string, unknown>): RunFigures {
  const f: RunFigures = {};
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
  const stats = asObject(results.stats);
  const servers = asObject(asObject(results.net)?.servers);
  const workload = asObject(results.workload);
  const latencies = asObject(workload?.["stable-latencies"]);
  const set = <K extends keyof RunFigures>(k: K, v: number | undefined) => {
    if (v !== undefined) f[k] = v;
  };
  set("ops", num(stats?.count));
  set("msgsPerOp", num(servers?.["msgs-per-op"]));
  set("latencyMedian", num(latencies?.["0.5"]));
  set("latencyMax", num(latencies?.["1"] ?? latencies?.["1.0"]));
  set("lost", num(workload?.["lost-count"]));
  return f;
}
