/**
 * The run's latency and rate plots, as Jepsen's checker/perf draws them
 * (latency-raw, latency-quantiles, rate), each a standalone SVG string with
 * the faults in force shaded.
 */
export { latencyRawSvg, type LatencyRawOptions } from "./plots/latency-raw-svg.js";
export { latencyQuantilesSvg, latencyQuantiles, QUANTILES } from "./plots/latency-quantiles-svg.js";
export { rateSvg, completionRates } from "./plots/rate-svg.js";
export type { PlotOptions } from "./plots/plot-frame.js";
