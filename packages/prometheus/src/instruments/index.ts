export type { DropReason, InstrumentContext, OnDrop } from "./instrument-context.js";
export { PortCounter } from "./port-counter.js";
export { PortHistogram } from "./port-histogram.js";
export type { RegistryMetric, RegistrySnapshot, RegistryValue } from "./registry-metric.js";
export { wrapGauge } from "./wrap-gauge.js";
