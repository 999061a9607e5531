// The job-worker cluster's pure core: the durable document, the scheduler's decisions, the lease.
export * from "./cluster-doc.js";
export * from "./lease.js";
export * from "./scheduler.js";
export * from "./word-count.js";
