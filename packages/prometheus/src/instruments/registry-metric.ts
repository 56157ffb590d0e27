import type { AdmittedLabels } from "../label-guard.js";

/**
 * What a prom-client Registry reads from a metric it renders (`get`,
 * `getForPromString`), resets (`reset`) or aggregates across a cluster
 * (`aggregator`): the shape of prom-client's own metric objects, whose
 * output these instruments reproduce line for line.
 */
export interface RegistryMetric {
  readonly name: string;
  readonly help: string;
  readonly type: "counter" | "histogram";
  readonly aggregator: "sum";
  get(): Promise<RegistrySnapshot>;
  reset(): void;
}

/** One line of a metric as a registry reads it (prom-client's `MetricValueWithName`, plus `sharedLabels` for text). */
export interface RegistryValue {
  readonly value: number;
  readonly labels: Readonly<Record<string, string | number>>;
  readonly metricName?: string;
  readonly sharedLabels?: AdmittedLabels;
  /** Always null on bucket lines (no exemplars), as prom-client writes it. */
  readonly exemplar?: null;
}

/** A metric's lines as a registry reads them (prom-client's `MetricObjectWithValues`). */
export interface RegistrySnapshot {
  readonly name: string;
  readonly help: string;
  readonly type: "counter" | "histogram";
  readonly aggregator: "sum";
  readonly values: readonly RegistryValue[];
}
