/** A reply body as a service's logic makes it, before in_reply_to is added. */
export type ServiceReply = { type: string } & Record<string, unknown>;

/**
 * One of Maelstrom's services (MAELSTROM.md §6), as pure logic: the hosts put
 * it on the network with ServiceEndpoint. Requests come one at a time, in the
 * order the network delivers them; randomness is given at construction.
 */
export interface Service {
  /**
   * Handles one request from `src` and returns the reply body (without
   * in_reply_to), or undefined when the service does not handle the body's
   * type: Maelstrom's service thread throws on it, logs, and sends nothing.
   * Replies, errors and stray messages sent to a service fall here too.
   */
  handle(src: string, body: Readonly<Record<string, unknown>>): ServiceReply | undefined;
}
