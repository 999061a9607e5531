import { bodyValues } from "./trace-value.js";

/** Which messages carry some given values, as bodies are seen one by one. */
export interface ValueWatch {
  /** Looks through one message's body (its index in the run's messages). */
  see(index: number, body: unknown): void;
  /** JSON text of each watched value → indices of the messages that carried it, ascending if seen so. */
  readonly carriers: Record<string, number[]>;
}

/**
 * Finds, in one pass over whole bodies, the messages that carry each of
 * `values` (the lost values of a run), matching as traceValue does (same
 * walk: bodyValues). Why: report.html carries bodies cut to fit (clipBody),
 * so the page's own search would miss a lost value deep in a long read_ok;
 * this index, made before the cut, goes with the page instead.
 */
export function watchValues(values: readonly unknown[]): ValueWatch {
  const carriers: Record<string, number[]> = {};
  const prims = new Map<unknown, string>();
  const objs: [string, string][] = []; // [key, JSON text] of object or array values: compared as JSON text
  for (const v of values) {
    const key = JSON.stringify(v);
    if (key === undefined) continue;
    carriers[key] = [];
    if (v !== null && typeof v === "object") objs.push([key, key]);
    else prims.set(v, key);
  }
  const add = (key: string, i: number): void => {
    const list = carriers[key]!;
    if (list[list.length - 1] !== i) list.push(i);
  };
  return {
    carriers,
    see(index, body) {
      bodyValues(body, (v) => {
        if (v === null || typeof v !== "object") {
          const key = prims.get(v);
          if (key !== undefined) add(key, index);
        } else if (objs.length > 0) {
          const text = JSON.stringify(v);
          for (const [key, t] of objs) if (t === text) add(key, index);
        }
        return false;
      });
    },
  };
}
