// The public surface of the runtime: import from here when writing a node.
export { ERROR_TABLE, ErrorCode, errorKind, errorName, isDefinite, type ErrorKind } from "./protocol/error-table.js";
export { RpcError, type ErrorBody } from "./protocol/rpc-error.js";
export type { Body, Message, OutgoingBody } from "./protocol/message.js";
export { parseLine, type ParsedLine } from "./protocol/parse-line.js";
export { Node, type BodySchema, type Handler, type HandlerResult, type NodeOptions, type RetryOptions, type RpcOptions } from "./runtime/node.js";
export type { Clock, Timer } from "./runtime/clock.js";
export { RealClock } from "./runtime/real-clock.js";
export { VirtualClock, settle } from "./runtime/virtual-clock.js";
export { isNodeProgramExit, loadNodeProgram, NodeProgramExit, runIfMain, type NodeProgram } from "./runtime/node-program.js";
export type { Transport, TransportSink } from "./runtime/transport.js";
export { StdioTransport } from "./runtime/stdio-transport.js";
export { MemoryTransport } from "./runtime/memory-transport.js";
export { Logger, LOG_LEVELS, LOG_LEVEL_ENV, logLevelFromEnv, type LogLevel } from "./runtime/logger.js";
export { backoffDelay, resolveBackoff, type Backoff } from "./runtime/backoff.js";
export { KvClient, KeyDoesNotExistError, KeyAlreadyExistsError, PreconditionFailedError, type KvService } from "./kv/kv-client.js";
export { GossipQueue } from "./gossip/gossip-queue.js";
export type { Batch, Outgoing } from "./gossip/batch.js";
export type { GossipConfig } from "./gossip/gossip-config.js";
