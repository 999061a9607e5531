/** Suggestions for mistyped option names and values. */

/** Levenshtein distance (insertions, deletions, substitutions; each costs 1). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The candidate `input` most likely meant, or undefined if none is close.
 * Close means: equal ignoring case and `_` for `-`; or a unique candidate
 * that starts with `input` (at least 3 characters past any leading dashes);
 * or within an edit distance of 1 from 3 characters (past leading dashes),
 * 2 from 5, 3 from 10; shorter inputs get no guess. Ties go to the earlier
 * candidate.
 */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/_/g, "-");
  const x = norm(input);
  const exact = candidates.find((c) => norm(c) === x);
  if (exact !== undefined) return exact;

  const body = x.replace(/^-+/, "");
  if (body.length >= 3) {
    const prefixed = candidates.filter((c) => norm(c).replace(/^-+/, "").startsWith(body));
    if (prefixed.length === 1) return prefixed[0];
  }

  const limit = body.length >= 10 ? 3 : body.length >= 5 ? 2 : body.length >= 3 ? 1 : 0;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(x, norm(c));
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
