/** How many findings of each kind are listed with their evidence; the counts cover them all. */
export const EVIDENCE_LIMIT = 20;

/** A finding: its evidence (for the first EVIDENCE_LIMIT of its kind) and in how many reads it showed. */
export type Finding = Record<string, unknown> & { reads: number };

/**
 * The anomalies a checker found, by kind, each recorded once (by a key the
 * caller chooses: the same message delivered early on the same node is one
 * finding however many reads show it) and counted each time it shows again.
 * Only the first EVIDENCE_LIMIT of a kind have their evidence built.
 */
export class Findings {
  readonly #byKey = new Map<string, Finding>();
  readonly #counts = new Map<string, number>();
  readonly #listed = new Map<string, Finding[]>();

  /** The finding of `kind` under `key`: new (its evidence made by `make` while the kind is under the limit), or the one recorded, counted again. */
  add(kind: string, key: string, make: () => Record<string, unknown>): Finding {
    const k = `${kind}\u0000${key}`;
    const old = this.#byKey.get(k);
    if (old) {
      old.reads++;
      return old;
    }
    const n = (this.#counts.get(kind) ?? 0) + 1;
    this.#counts.set(kind, n);
    const f: Finding = n <= EVIDENCE_LIMIT ? { ...make(), reads: 1 } : { reads: 1 };
    if (n <= EVIDENCE_LIMIT) {
      let l = this.#listed.get(kind);
      if (!l) this.#listed.set(kind, (l = []));
      l.push(f);
    }
    this.#byKey.set(k, f);
    return f;
  }

  /** Another read shows `f`. */
  again(f: Finding): void {
    f.reads++;
  }

  /** How many distinct findings of `kind`. */
  count(kind: string): number {
    return this.#counts.get(kind) ?? 0;
  }

  /** The findings of `kind` with their evidence, in the order found. */
  listed(kind: string): Finding[] {
    return this.#listed.get(kind) ?? [];
  }
}
