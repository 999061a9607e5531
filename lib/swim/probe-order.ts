/**
 * SWIM's randomized round robin: each round visits every candidate once, in
 * an order shuffled anew for the round. A member that is a candidate when a
 * round starts is probed in that round, so every member is probed within two
 * rounds of becoming one: fewer than 2n periods for n members (more only
 * while members come and go: 2 x the most candidates a round started with).
 * Members that stopped being candidates are skipped at no cost; new ones wait
 * for the next round.
 */
export class ProbeOrder {
  #round: string[] = [];

  /** The next member to probe among `candidates`, or undefined if there are none. `random` in [0, 1). */
  next(candidates: readonly string[], random: () => number): string | undefined {
    if (candidates.length === 0) return undefined;
    const allowed = new Set(candidates);
    for (let pass = 0; pass < 2; pass++) {
      while (this.#round.length > 0) {
        const id = this.#round.pop()!;
        if (allowed.has(id)) return id;
      }
      this.#round = shuffled([...allowed].sort(), random);
    }
    return undefined;
  }
}

/** Fisher-Yates with the given randomness (pure: a new array). */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** Up to `k` distinct items drawn at random. */
export function pickRandom<T>(items: readonly T[], k: number, random: () => number): T[] {
  return shuffled(items, random).slice(0, Math.max(0, k));
}
