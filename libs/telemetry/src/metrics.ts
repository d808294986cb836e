/**
 * The lab's metrics API (counters, gauges and histograms with labels) over
 * prom-client: one prom-client registry behind each Registry, and a process
 * registry that also carries prom-client's default metrics (CPU, memory,
 * heap, event-loop lag, GC, handles). Call sites keep a small API; the
 * exposition format and the process metrics are prom-client's.
 */
import * as prom from 'prom-client';

export type Labels = Readonly<Record<string, string>>;

export const PROMETHEUS_CONTENT_TYPE: string = prom.Registry.PROMETHEUS_CONTENT_TYPE;

/** Latency buckets in seconds, from 1 ms to 30 s. */
export const LATENCY_BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];

function sameLabels(a: Labels, b: Partial<Record<string, string | number>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => String(b[k]) === a[k]);
}

export class Counter {
  constructor(private readonly metric: prom.Counter) {}

  inc(labels: Labels = {}, by = 1): void {
    this.metric.inc(labels, by);
  }

  /** The count of one series (0 before its first `inc`). */
  async get(labels: Labels = {}): Promise<number> {
    const { values } = await this.metric.get();
    return values.find((v) => sameLabels(labels, v.labels))?.value ?? 0;
  }
}

export class Gauge {
  constructor(private readonly metric: prom.Gauge) {}

  set(value: number, labels: Labels = {}): void {
    this.metric.set(labels, value);
  }

  add(by: number, labels: Labels = {}): void {
    this.metric.inc(labels, by);
  }

  /** Forgets every series: a figure that could not be read is left out rather than shown stale. */
  reset(): void {
    this.metric.reset();
  }
}

export class Histogram {
  constructor(private readonly metric: prom.Histogram) {}

  observe(value: number, labels: Labels = {}): void {
    this.metric.observe(labels, value);
  }
}

/**
 * Read at each scrape: a number for an unlabeled gauge, or labeled values
 * set on the gauge it is given (possibly after an await). If it throws, the
 * gauge shows no series for that scrape (NaN when unlabeled), and the rest
 * of the scrape is served.
 */
export type GaugeCollect = (gauge: Gauge) => number | void | Promise<void>;

export interface RegistryOptions {
  /**
   * Also collect prom-client's default process and Node metrics
   * (`process_cpu_seconds_total`, `nodejs_eventloop_lag_seconds`,
   * `nodejs_heap_size_used_bytes`, `nodejs_gc_duration_seconds`…). The one
   * registry of a process has them; registries made by tests need not.
   */
  readonly defaultMetrics?: boolean;
}

type Kind = 'counter' | 'gauge' | 'histogram';

/**
 * Prometheus's naming rules, checked when a metric is made, so that a name
 * that breaks one fails the first test that starts the process: counters end
 * in `_total` and nothing else does; a histogram is of a base unit.
 */
function checkName(name: string, kind: Kind): void {
  const problem =
    kind === 'counter' && !name.endsWith('_total')
      ? 'a counter name ends in _total'
      : kind !== 'counter' && name.endsWith('_total')
        ? `only a counter name ends in _total, not a ${kind}'s`
        : kind === 'histogram' && !/_(seconds|bytes)$/.test(name)
          ? 'a histogram name ends in its base unit (_seconds, _bytes)'
          : undefined;
  if (problem) throw new Error(`metric ${name}: ${problem}`);
}
interface Made {
  readonly kind: Kind;
  readonly labelNames: string;
  readonly collected: boolean;
  readonly metric: Counter | Gauge | Histogram;
}

export class Registry {
  private readonly prom = new prom.Registry();
  private readonly made = new Map<string, Made>();
  readonly contentType: string = PROMETHEUS_CONTENT_TYPE;

  constructor(options: RegistryOptions = {}) {
    if (options.defaultMetrics) prom.collectDefaultMetrics({ register: this.prom });
  }

  /**
   * A counter. With `collect`, its value is read at each scrape from a total
   * kept elsewhere (it must only grow), instead of being counted with `inc`.
   */
  counter(
    name: string,
    help: string,
    labelNames: readonly string[] = [],
    collect?: () => number,
  ): Counter {
    return this.once(name, 'counter', labelNames, collect !== undefined, () => {
      const metric: prom.Counter = new prom.Counter({
        name,
        help,
        labelNames,
        registers: [this.prom],
        ...(collect && {
          collect: () => {
            metric.reset();
            metric.inc(collect());
          },
        }),
      });
      return new Counter(metric);
    }) as Counter;
  }

  gauge(
    name: string,
    help: string,
    labelNames: readonly string[] = [],
    collect?: GaugeCollect,
  ): Gauge {
    return this.once(name, 'gauge', labelNames, collect !== undefined, () => {
      // `collect` runs only at a scrape, once `gauge` below is set.
      const metric: prom.Gauge = new prom.Gauge({
        name,
        help,
        labelNames,
        registers: [this.prom],
        ...(collect && {
          collect: async () => {
            try {
              const value = await collect(gauge);
              if (typeof value === 'number') metric.set(value);
            } catch {
              // Unknown, not zero: an unlabeled gauge always has a sample, so NaN.
              metric.reset();
              if (labelNames.length === 0) metric.set(NaN);
            }
          },
        }),
      });
      const gauge = new Gauge(metric);
      return gauge;
    }) as Gauge;
  }

  histogram(
    name: string,
    help: string,
    labelNames: readonly string[] = [],
    buckets: readonly number[] = LATENCY_BUCKETS,
  ): Histogram {
    return this.once(name, 'histogram', labelNames, false, () => {
      const metric = new prom.Histogram({
        name,
        help,
        labelNames,
        buckets: [...buckets],
        registers: [this.prom],
      });
      return new Histogram(metric);
    }) as Histogram;
  }

  /**
   * A metric asked for twice (two parts of one process counting the same
   * thing) is the same metric; one asked for twice with another type or
   * labels, or read from two places, is a mistake, named at start-up.
   */
  private once(
    name: string,
    kind: Kind,
    labelNames: readonly string[],
    collected: boolean,
    make: () => Counter | Gauge | Histogram,
  ): Counter | Gauge | Histogram {
    checkName(name, kind);
    const key = labelNames.join(',');
    const earlier = this.made.get(name);
    if (earlier) {
      if (earlier.kind === kind && earlier.labelNames === key && !earlier.collected && !collected)
        return earlier.metric;
      throw new Error(
        `metric ${name} is already registered (a ${earlier.kind} with labels [${earlier.labelNames}]${earlier.collected ? ', collected' : ''})`,
      );
    }
    const metric = make();
    this.made.set(name, { kind, labelNames: key, collected, metric });
    return metric;
  }

  /** The Prometheus text exposition of every metric (collected values are read now). */
  render(): Promise<string> {
    return this.prom.metrics();
  }
}
