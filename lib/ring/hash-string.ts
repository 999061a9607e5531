/**
 * A 32-bit hash of a string: FNV-1a over its UTF-16 code units, then
 * MurmurHash3's 32-bit finaliser. FNV-1a alone spreads short, similar strings
 * ("n1#0", "n1#1", ...) poorly over the high bits; the finaliser mixes every
 * input bit into every output bit. Deterministic on every host and version,
 * which the ring needs: every node must place every point and key alike.
 */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
