import type { NemesisPackage } from "./nemesis-package.js";
import { partitionPackage } from "./partition-package.js";
import { killPackage, pausePackage } from "./process-faults.js";

/** Every fault package by its `--nemesis` name. */
export const NEMESES: Readonly<Record<string, NemesisPackage>> = {
  partition: partitionPackage,
  kill: killPackage,
  pause: pausePackage,
};

/** The packages a `--nemesis` list names, in its order; throws on a name no package has. */
export function nemesisPackages(names: readonly string[]): NemesisPackage[] {
  return names.map((n) => {
    const p = NEMESES[n];
    if (!p) throw new Error(`--nemesis ${n}: no such fault package; known: ${Object.keys(NEMESES).join(", ")}`);
    return p;
  });
}
