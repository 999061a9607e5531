import { deriveSeed, seededRng } from "../model/random.js";
import type { NemesisContext, NemesisPackage } from "./nemesis-package.js";

export interface NemesisSchedule {
  /** One context per package, in the same order (each with its own rng). */
  packages: readonly { pkg: NemesisPackage; ctx: NemesisContext }[];
  /** Mean seconds between one package's ops (`--nemesis-interval`). */
  intervalSeconds: number;
  /** Waits on the run's clock (and ends early when the run fails). */
  sleep: (ms: number) => Promise<unknown>;
  /** True once the main phase is over or the run has failed. */
  stopped: () => boolean;
  /** Resolves when the main phase ends. */
  done: Promise<void>;
  /** A package's fault in force changed (undefined: healed). */
  onChange: (pkg: string, fault: string | undefined) => void;
}

/**
 * The main phase's nemesis, as Jepsen composes packages: each package
 * alternates start and heal on its own schedule (flip-flop), its first start
 * at once, then gaps uniform in [0, 2 x interval), until the main phase ends.
 * Resolves when every package has stopped; it does not heal at the end (the
 * final phase and the teardown do).
 */
export async function runNemeses(o: NemesisSchedule): Promise<void> {
  await Promise.all(o.packages.map((p) => flipFlop(p.pkg, p.ctx, o)));
}

async function flipFlop(pkg: NemesisPackage, ctx: NemesisContext, o: NemesisSchedule): Promise<void> {
  let faulty = false;
  while (!o.stopped()) {
    if (!faulty) o.onChange(pkg.name, await pkg.start(ctx));
    else {
      await pkg.heal(ctx);
      o.onChange(pkg.name, undefined);
    }
    faulty = !faulty;
    await Promise.race([o.sleep(ctx.rng.next() * 2 * o.intervalSeconds * 1000), o.done]);
  }
}

/**
 * The seeded source of one package. `partition` keeps the stream it has always
 * had ("nemesis"), so a seed repeats the same partitions as before packages.
 */
export function nemesisRng(seed: number, name: string) {
  return seededRng(deriveSeed(seed, name === "partition" ? "nemesis" : `nemesis ${name}`));
}
