import { ErrorCode, errorName, isDefinite } from "./error-table.js";

/** An error body as it travels on the wire. */
export interface ErrorBody {
  type: "error";
  code: number;
  text?: string;
  in_reply_to?: number;
  [extra: string]: unknown;
}

/**
 * The one typed error of the runtime. Throw it from a handler to answer with
 * that code; `rpc()` rejects with it when the other side answers `error` or
 * when no answer comes in time (code 0). Its serialisation is the wire body.
 */
export class RpcError extends Error {
  readonly code: number;
  readonly text: string;
  /** Extra keys of the error body, beyond type, code, text and in_reply_to. */
  readonly extra: Readonly<Record<string, unknown>>;

  constructor(code: number, text?: string, extra: Record<string, unknown> = {}) {
    const t = text ?? errorName(code);
    super(`${errorName(code)} (code ${code}): ${t}`);
    this.name = "RpcError";
    this.code = code;
    this.text = t;
    this.extra = extra;
  }

  /** Maelstrom's name for this code (`unknown` for user codes). */
  get kind(): string {
    return errorName(this.code);
  }

  /** True when the operation certainly did not happen. */
  get definite(): boolean {
    return isDefinite(this.code);
  }

  toBody(): ErrorBody {
    return { type: "error", code: this.code, text: this.text, ...this.extra };
  }

  /** Rebuilds the error carried by an `error` reply body. */
  static fromBody(body: Record<string, unknown>): RpcError {
    const { type: _t, code, text, in_reply_to: _r, msg_id: _m, ...extra } = body;
    const c = typeof code === "number" && Number.isInteger(code) ? code : ErrorCode.crash;
    const err = new RpcError(c, typeof text === "string" ? text : undefined, extra);
    return err;
  }

  static timeout(text = "timed out"): RpcError {
    return new RpcError(ErrorCode.timeout, text);
  }
  static notSupported(text: string): RpcError {
    return new RpcError(ErrorCode.notSupported, text);
  }
  static temporarilyUnavailable(text: string): RpcError {
    return new RpcError(ErrorCode.temporarilyUnavailable, text);
  }
  static malformedRequest(text: string): RpcError {
    return new RpcError(ErrorCode.malformedRequest, text);
  }
  static crash(text: string): RpcError {
    return new RpcError(ErrorCode.crash, text);
  }
  static abort(text: string): RpcError {
    return new RpcError(ErrorCode.abort, text);
  }
}
