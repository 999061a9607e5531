import { type MemberState, outranks, type Update } from "./member-status.js";

/** What applying one piece of news did. */
export type Applied =
  /** Ignored: not newer than what we hold, or about a node outside the cluster. */
  | { kind: "stale" }
  /** The member's state changed to the news. */
  | { kind: "changed"; previous: MemberState; update: Update }
  /** About ourselves, saying we are suspect or dead (or at an incarnation we never had): we refuted with `update`, alive at a higher incarnation. */
  | { kind: "refuted"; update: Update }
  /** The same suspicion we hold, raised by another node: an independent confirmation. */
  | { kind: "confirmed"; id: string; from: string };

/**
 * One node's view of every member, itself included: status and incarnation,
 * changed only by news that outranks what it holds (member-status.ts). News
 * about itself that outranks its own state is refuted, never taken: it raises
 * its incarnation above the news and says it is alive.
 */
export class MemberTable {
  readonly self: string;
  readonly #members = new Map<string, MemberState>();

  /** Every id starts alive at incarnation 0; ours at `selfIncarnation`. */
  constructor(self: string, ids: Iterable<string>, selfIncarnation = 0) {
    this.self = self;
    for (const id of ids) this.#members.set(id, { status: "alive", incarnation: 0 });
    this.#members.set(self, { status: "alive", incarnation: selfIncarnation });
  }

  get incarnation(): number {
    return this.#members.get(this.self)!.incarnation;
  }

  get size(): number {
    return this.#members.size;
  }

  get(id: string): MemberState | undefined {
    const m = this.#members.get(id);
    return m && { ...m };
  }

  /** Ids in the given states, sorted. */
  ids(...statuses: MemberState["status"][]): string[] {
    return [...this.#members].filter(([, m]) => statuses.length === 0 || statuses.includes(m.status)).map(([id]) => id).sort();
  }

  /** Every member's state, by id (a copy). */
  snapshot(): Record<string, MemberState> {
    return Object.fromEntries([...this.#members].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, m]) => [id, { ...m }]));
  }

  /** Our record as news (for piggy-backing and replies). */
  record(id: string): Update | undefined {
    const m = this.#members.get(id);
    return m && { id, ...m };
  }

  apply(news: Update): Applied {
    const current = this.#members.get(news.id);
    if (current === undefined) return { kind: "stale" };
    if (news.id === this.self) {
      if (!outranks(news, current)) return { kind: "stale" };
      return { kind: "refuted", update: this.refute(news.incarnation) };
    }
    if (news.status === "suspect" && current.status === "suspect" && news.incarnation === current.incarnation && news.from !== undefined) return { kind: "confirmed", id: news.id, from: news.from };
    if (!outranks(news, current)) return { kind: "stale" };
    const previous = { ...current };
    this.#members.set(news.id, { status: news.status, incarnation: news.incarnation });
    return { kind: "changed", previous, update: { ...news } };
  }

  /** Raises our incarnation above `heard` (and above our own) and returns the alive news to spread. */
  refute(heard: number): Update {
    const me = this.#members.get(this.self)!;
    me.incarnation = Math.max(me.incarnation, heard) + 1;
    me.status = "alive";
    return { id: this.self, status: "alive", incarnation: me.incarnation };
  }
}
