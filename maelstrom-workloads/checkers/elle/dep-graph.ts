/**
 * A transaction dependency graph: vertices are transaction ids (txns.ts),
 * each edge carries a set of relationships as bits, and the first reason
 * found for each relationship, so a cycle can be explained.
 */

export const WW = 1;
export const WR = 2;
export const RW = 4;
export const PROCESS = 8;
export const REALTIME = 16;

export type Rel = "ww" | "wr" | "rw" | "process" | "realtime";
export const REL_BITS: Readonly<Record<Rel, number>> = { ww: WW, wr: WR, rw: RW, process: PROCESS, realtime: REALTIME };
export const RELS: readonly Rel[] = ["ww", "wr", "rw", "process", "realtime"];

/** Why an edge exists, in words a person can read ("T2 read [1 2 3] of key 4, ..."). */
export type Why = (a: string, b: string) => string;

export class DepGraph {
  readonly size: number;
  /** out[a] = targets of a (each once). */
  readonly out: number[][];
  private readonly bits = new Map<number, number>();
  private readonly whys = new Map<number, Why>();

  constructor(size: number) {
    this.size = size;
    this.out = Array.from({ length: size }, () => []);
  }

  /** Adds a -rel-> b (self edges are dropped); `why` is kept only for the first of each rel. */
  link(a: number, b: number, rel: number, why: Why): void {
    if (a === b) return;
    const e = a * this.size + b;
    const had = this.bits.get(e);
    if (had === undefined) {
      this.out[a]!.push(b);
      this.bits.set(e, rel);
    } else if ((had & rel) === 0) {
      this.bits.set(e, had | rel);
    } else {
      return;
    }
    this.whys.set(e * 32 + rel, why);
  }

  /** The relationship bits of a -> b (0 when absent). */
  rels(a: number, b: number): number {
    return this.bits.get(a * this.size + b) ?? 0;
  }

  why(a: number, b: number, rel: number): Why | undefined {
    return this.whys.get((a * this.size + b) * 32 + rel);
  }

  edgeCount(): number {
    return this.bits.size;
  }
}
