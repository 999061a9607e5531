/** "1 node", "3 nodes", "0 nodes": a count with its noun, singular only for exactly 1 (`many` defaults to `one` + "s"). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
