/**
 * Maelstrom's error vocabulary, as data.
 *
 * Codes 0-999 belong to Maelstrom; 1000 and up are free for users. A *definite*
 * error means the operation certainly did not happen and never will; an
 * indefinite one means it may have happened, may happen later, or never.
 * Clients (ours and Maelstrom's) treat any code missing from this table as
 * indefinite. Append-only: codes are part of the wire protocol.
 */
export interface ErrorKind {
  readonly code: number;
  readonly name: string;
  readonly definite: boolean;
  readonly doc: string;
}

export const ERROR_TABLE = [
  { code: 0, name: "timeout", definite: false, doc: "The operation could not finish before a timeout; it may or may not have happened." },
  { code: 1, name: "node-not-found", definite: true, doc: "The request was addressed to a node that does not exist." },
  { code: 10, name: "not-supported", definite: true, doc: "The node does not support this kind of request." },
  { code: 11, name: "temporarily-unavailable", definite: true, doc: "The operation cannot be done right now (not ready, no quorum, ...) and certainly did not happen." },
  { code: 12, name: "malformed-request", definite: true, doc: "The request could not possibly have been processed: its body is not what the handler expects." },
  { code: 13, name: "crash", definite: false, doc: "A general, indefinite failure; the safe default when the outcome is unknown." },
  { code: 14, name: "abort", definite: true, doc: "A general, definite failure: the operation did not happen." },
  { code: 20, name: "key-does-not-exist", definite: true, doc: "The key is missing and this operation does not create it." },
  { code: 21, name: "key-already-exists", definite: true, doc: "The key exists and will not be overwritten." },
  { code: 22, name: "precondition-failed", definite: true, doc: "A precondition, such as a compare-and-set's expected value, did not hold." },
  { code: 30, name: "txn-conflict", definite: true, doc: "The transaction was aborted because of a conflict." },
] as const satisfies readonly ErrorKind[];

/** Codes by a camel-cased name, e.g. `ErrorCode.notSupported === 10`. */
export const ErrorCode = {
  timeout: 0,
  nodeNotFound: 1,
  notSupported: 10,
  temporarilyUnavailable: 11,
  malformedRequest: 12,
  crash: 13,
  abort: 14,
  keyDoesNotExist: 20,
  keyAlreadyExists: 21,
  preconditionFailed: 22,
  txnConflict: 30,
} as const;

const byCode: ReadonlyMap<number, ErrorKind> = new Map(ERROR_TABLE.map((k) => [k.code, k]));

/** The table entry for a code, or undefined for codes Maelstrom does not define. */
export function errorKind(code: number): ErrorKind | undefined {
  return byCode.get(code);
}

/** Maelstrom's name for a code; `unknown` for codes it does not define. */
export function errorName(code: number): string {
  return byCode.get(code)?.name ?? "unknown";
}

/** Whether a code is definite. Unknown and user codes are indefinite, as in Maelstrom. */
export function isDefinite(code: number): boolean {
  return byCode.get(code)?.definite ?? false;
}
