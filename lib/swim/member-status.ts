/** A member's state as one node believes it. Wire values: append only. */
export type Status = "alive" | "suspect" | "dead";

/** What a node believes about one member. */
export interface MemberState {
  status: Status;
  /** Raised only by the member itself, to refute a suspicion or death at a lower one. */
  incarnation: number;
}

/**
 * One piece of news about a member, as disseminated. `from` names the node
 * whose own probe raised a suspicion; relays keep it, so independent
 * suspicions of one member can be told from copies of the same one
 * (Lifeguard's confirmations). Absent on alive and dead news.
 */
export interface Update extends MemberState {
  id: string;
  from?: string;
}

/** At one incarnation: dead outranks suspect, suspect outranks alive. */
const RANK: Record<Status, number> = { alive: 0, suspect: 1, dead: 2 };

/**
 * Whether `news` replaces `current` (SWIM's precedence): a higher
 * incarnation wins; at the same incarnation suspect replaces alive and dead
 * replaces both. This is a total order on (incarnation, rank), so applying
 * any set of news in any order leaves every node at the greatest one.
 */
export function outranks(news: MemberState, current: MemberState): boolean {
  if (news.incarnation !== current.incarnation) return news.incarnation > current.incarnation;
  return RANK[news.status] > RANK[current.status];
}

export const STATUSES: readonly Status[] = ["alive", "suspect", "dead"];
