/**
 * Node ids in the order Maelstrom's messages.svg puts its lanes, left to
 * right (maelstrom.util/sort-clients): ids made of letters then digits
 * (c1, n4) first, by their letters and then their number (so clients c…
 * before nodes n…, and n2 before n10); then the ids without digits
 * (the services lin-kv, seq-kv, lww-kv, lin-tso), by name. Duplicates are
 * dropped.
 */
export function laneOrder(ids: Iterable<string>): string[] {
  const key = (id: string): [number, string, number] => {
    const m = /^([A-Za-z_-]+?)(\d+)$/.exec(id) ?? /(\w+?)(\d+)/.exec(id);
    return m ? [0, m[1]!, Number(m[2])] : [1, id, 0];
  };
  return [...new Set(ids)].sort((a, b) => {
    const [ga, ta, na] = key(a);
    const [gb, tb, nb] = key(b);
    return ga - gb || (ta < tb ? -1 : ta > tb ? 1 : 0) || na - nb || (a < b ? -1 : a > b ? 1 : 0);
  });
}
