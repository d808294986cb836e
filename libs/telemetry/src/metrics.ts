/**
 * A small Prometheus registry: counters, gauges and histograms with labels,
 * rendered in the text exposition format. Enough for /metrics, with no
 * dependency and no work on the hot path beyond a map lookup.
 */

type Labels = Readonly<Record<string, string>>;

function labelKey(names: readonly string[], labels: Labels): string {
  return names.map((n) => labels[n] ?? '').join('\u0000');
}

function renderLabels(names: readonly string[], key: string, extra = ''): string {
  const values = key.split('\u0000');
  const parts = names.map(
    (n, i) =>
      `${n}="${(values[i] ?? '').replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
  );
  if (extra) parts.push(extra);
  return parts.length ? `{${parts.join(',')}}` : '';
}

interface Metric {
  render(): string;
}

export class Counter implements Metric {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[] = [],
  ) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = labelKey(this.labelNames, labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }

  get(labels: Labels = {}): number {
    return this.values.get(labelKey(this.labelNames, labels)) ?? 0;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [key, v] of this.values)
      lines.push(`${this.name}${renderLabels(this.labelNames, key)} ${v}`);
    return lines.join('\n');
  }
}

export class Gauge implements Metric {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[] = [],
    private readonly collect?: () => number,
  ) {}

  set(value: number, labels: Labels = {}): void {
    this.values.set(labelKey(this.labelNames, labels), value);
  }

  add(by: number, labels: Labels = {}): void {
    const key = labelKey(this.labelNames, labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }

  render(): string {
    if (this.collect) this.values.set('', this.collect());
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`];
    for (const [key, v] of this.values)
      lines.push(`${this.name}${renderLabels(this.labelNames, key)} ${v}`);
    return lines.join('\n');
  }
}

/** Latency buckets in seconds, from 1 ms to 30 s. */
export const LATENCY_BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];

export class Histogram implements Metric {
  private readonly series = new Map<string, { counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[] = [],
    readonly buckets: readonly number[] = LATENCY_BUCKETS,
  ) {}

  observe(value: number, labels: Labels = {}): void {
    const key = labelKey(this.labelNames, labels);
    let s = this.series.get(key);
    if (!s) {
      s = { counts: new Array<number>(this.buckets.length).fill(0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    const i = this.buckets.findIndex((b) => value <= b);
    if (i >= 0) s.counts[i]!++;
    s.sum += value;
    s.count++;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [key, s] of this.series) {
      let cumulative = 0;
      this.buckets.forEach((b, i) => {
        cumulative += s.counts[i]!;
        lines.push(
          `${this.name}_bucket${renderLabels(this.labelNames, key, `le="${b}"`)} ${cumulative}`,
        );
      });
      lines.push(
        `${this.name}_bucket${renderLabels(this.labelNames, key, 'le="+Inf"')} ${s.count}`,
      );
      lines.push(`${this.name}_sum${renderLabels(this.labelNames, key)} ${s.sum}`);
      lines.push(`${this.name}_count${renderLabels(this.labelNames, key)} ${s.count}`);
    }
    return lines.join('\n');
  }
}

export class Registry {
  private readonly metrics: Metric[] = [];

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.add(new Counter(name, help, labelNames));
  }

  gauge(
    name: string,
    help: string,
    labelNames: readonly string[] = [],
    collect?: () => number,
  ): Gauge {
    return this.add(new Gauge(name, help, labelNames, collect));
  }

  histogram(
    name: string,
    help: string,
    labelNames: readonly string[] = [],
    buckets?: readonly number[],
  ): Histogram {
    return this.add(new Histogram(name, help, labelNames, buckets));
  }

  private add<M extends Metric>(metric: M): M {
    this.metrics.push(metric);
    return metric;
  }

  /** The Prometheus text exposition of every metric. */
  render(): string {
    return this.metrics.map((m) => m.render()).join('\n') + '\n';
  }
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
