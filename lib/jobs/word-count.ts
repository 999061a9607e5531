/** A word count: word -> how many times it occurs. Built with Object.fromEntries, so a word such as "__proto__" is an own key like any other. */
export type Counts = Record<string, number>;

/** The task kind of the job-worker node: the text split on runs of whitespace, empty strings dropped, case kept. */
export function wordCount(text: string): Counts {
  const counts = new Map<string, number>();
  for (const w of text.split(/\s+/)) if (w !== "") counts.set(w, (counts.get(w) ?? 0) + 1);
  return Object.fromEntries(counts);
}

/** `a` plus `b`, as a new object (neither is changed). */
export function addCounts(a: Counts, b: Counts): Counts {
  const sum = new Map<string, number>(Object.entries(a));
  for (const [w, n] of Object.entries(b)) sum.set(w, (sum.get(w) ?? 0) + n);
  return Object.fromEntries(sum);
}
