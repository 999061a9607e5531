/** Jepsen's colours for an op's outcome (checker/perf.clj). */
export const TYPE_COLOR: Record<"ok" | "info" | "fail", string> = { ok: "#81BFFC", info: "#FFA400", fail: "#FF1E90" };

/** The outcomes in Jepsen's drawing order. */
export const TYPES = ["ok", "info", "fail"] as const;

/** Jepsen's colours for latency quantiles, the highest in red. */
export const QUANTILE_COLOR: ReadonlyMap<number, string> = new Map([
  [1, "red"],
  [0.99, "orange"],
  [0.95, "purple"],
  [0.5, "blue"],
]);

const n = (v: number) => String(Math.round(v * 10) / 10);

/**
 * A filled point shape centred on (x, y) with radius about r, the shape
 * chosen by an f's position (as Jepsen gives each f its own point type):
 * circle, square, triangle, diamond, triangle down, cross, then again. The
 * path starts with a move to the centre (then relative moves), so the centre
 * can be read back from the path.
 */
export function shapePath(shape: number, x: number, y: number, r: number): string {
  return `M${n(x)} ${n(y)}${shapeAround(shape, r)}`;
}

/** The shape, relative to its centre. */
function shapeAround(shape: number, r: number): string {
  switch (shape % 6) {
    case 0:
      return `m${n(-r)} 0a${n(r)} ${n(r)} 0 1 0 ${n(2 * r)} 0a${n(r)} ${n(r)} 0 1 0 ${n(-2 * r)} 0z`;
    case 1:
      return `m${n(-0.9 * r)} ${n(-0.9 * r)}h${n(1.8 * r)}v${n(1.8 * r)}h${n(-1.8 * r)}z`;
    case 2:
      return `m0 ${n(-1.2 * r)}l${n(1.1 * r)} ${n(2 * r)}h${n(-2.2 * r)}z`;
    case 3:
      return `m0 ${n(-1.3 * r)}l${n(1.3 * r)} ${n(1.3 * r)}l${n(-1.3 * r)} ${n(1.3 * r)}l${n(-1.3 * r)} ${n(-1.3 * r)}z`;
    case 4:
      return `m0 ${n(1.2 * r)}l${n(1.1 * r)} ${n(-2 * r)}h${n(-2.2 * r)}z`;
    default: {
      const a = r * 1.2;
      const b = r * 0.4;
      return `m${n(-b)} ${n(-a)}h${n(2 * b)}v${n(a - b)}h${n(a - b)}v${n(2 * b)}h${n(b - a)}v${n(a - b)}h${n(-2 * b)}v${n(b - a)}h${n(b - a)}v${n(-2 * b)}h${n(a - b)}z`;
    }
  }
}
