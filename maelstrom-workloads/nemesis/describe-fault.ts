import type { Fault, FaultSchedule } from "./fault-schedule.js";

/** ms as seconds for people: 4200 -> "4.2s", 0 -> "0s", 1234 -> "1.234s". */
export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))}s`;
}

/** What a fault does, without its times: "kill n2", "partition majority n1,n2 | n3,n4,n5", "lose 50% of server messages". */
export function faultAction(f: Fault): string {
  switch (f.kind) {
    case "kill":
      return `kill ${f.nodes.join(",")}`;
    case "pause":
      return `pause ${f.nodes.join(",")}`;
    case "loss":
      return `lose ${Number((f.p * 100).toFixed(4))}% of server messages`;
    case "latency":
      return `latency x${f.factor}`;
    case "partition": {
      const shape = f.shape ?? "custom";
      if ("sides" in f) return `partition ${shape} ${f.sides.map((s) => s.join(",")).join(" | ")}`;
      const cut = Object.entries(f.grudge).filter(([, srcs]) => srcs.length > 0);
      return `partition ${shape} ${cut.length ? cut.map(([dest, srcs]) => `${dest} drops ${srcs.join(",")}`).join("; ") : "(cuts nothing)"}`;
    }
    default: {
      const never: never = f;
      throw new Error(`unknown fault ${JSON.stringify(never)}`);
    }
  }
}

/** One fault in words, for one line: "t=4.2s kill n2 for 3.1s". */
export function describeFault(f: Fault): string {
  return `t=${seconds(f.atMs)} ${faultAction(f)} for ${seconds(f.forMs)}`;
}

/** A schedule, one fault per line, in its order (the search writes them by time). */
export function describeSchedule(s: FaultSchedule): string[] {
  return s.faults.length ? s.faults.map(describeFault) : ["(no faults)"];
}
