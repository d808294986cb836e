/**
 * Traced runs of the seed scenario for the printers' tests: each variant's
 * median and p99 order built from spans shaped like the stacks' own (the
 * seed's delays, a few milliseconds of the stack's own time between), drawn
 * by the runner's own waterfall builder, and the overhead of tracing.
 */
import { CHECKOUT_STEPS, CRITICAL_STEPS, type StepDefinition } from '@lab/domain';
import type { TraceSpan } from '../analysis/critical-path.js';
import { scenarioTracing } from '../analysis/tracing-overhead.js';
import { buildWaterfall } from '../analysis/waterfall.js';
import type { ScenarioTracing, VariantResult, Waterfall } from '../result/index.js';

const T0 = 1_741_946_531_000;
/** The stack's own time around each step: a hop there, a hop back, some work. */
const HOP_MS = 1.2;
const WORK_MS = 0.4;

/** Spans of one order, written as a clock moves forward. */
class TraceWriter {
  readonly spans: TraceSpan[] = [];
  private next = 1;
  constructor(
    private readonly stack: string,
    private readonly orderId: string,
  ) {}

  span(
    name: string,
    service: string,
    startMs: number,
    endMs: number,
    kind: TraceSpan['kind'],
    parent?: TraceSpan,
    attributes: TraceSpan['attributes'] = {},
  ): TraceSpan {
    const span: TraceSpan = {
      traceId: this.orderId
        .replace(/[^0-9a-f]/g, '')
        .padEnd(32, 'a')
        .slice(0, 32),
      spanId: (this.next++).toString(16).padStart(16, '0'),
      ...(parent ? { parentSpanId: parent.spanId } : {}),
      name,
      kind,
      service: `${this.stack}-${service}`,
      startMs: T0 + startMs,
      endMs: T0 + endMs,
      attributes,
    };
    this.spans.push(span);
    return span;
  }

  /** A gRPC call: client, server, the provider's simulated time inside; returns its end. */
  call(parent: TraceSpan, step: StepDefinition, at: number): number {
    const method = step.name[0]!.toUpperCase() + step.name.slice(1);
    const end = at + 2 * HOP_MS + 2 * WORK_MS + step.seedMs;
    const client = this.span(`shop.v1/${method}`, 'gateway', at, end, 'client', parent, {
      'rpc.system': 'grpc',
      'rpc.method': method,
    });
    const server = this.span(
      client.name,
      step.service,
      at + HOP_MS,
      end - HOP_MS,
      'server',
      client,
    );
    const simStart = at + HOP_MS + WORK_MS;
    this.span(
      `simulate ${step.name}`,
      step.service,
      simStart,
      simStart + step.seedMs,
      'internal',
      server,
      {
        'lab.simulated': true,
        'lab.step': step.name,
      },
    );
    return end;
  }

  /** A message: its publish, its wait in the stream, its handling (with the step inside); returns its end. */
  message(
    parent: TraceSpan,
    subject: string,
    service: string,
    at: number,
    waitMs: number,
    step?: StepDefinition,
  ) {
    const publish = this.span(`publish ${subject}`, 'gateway', at, at + HOP_MS, 'producer', parent);
    const wait = this.span(
      `wait ${subject}`,
      service,
      at + HOP_MS / 2,
      at + HOP_MS / 2 + waitMs,
      'internal',
      publish,
      {
        'lab.queue_wait': true,
      },
    );
    const start = wait.endMs - T0;
    const end = start + 2 * WORK_MS + (step?.seedMs ?? 0) + HOP_MS;
    const consume = this.span(`process ${subject}`, service, start, end, 'consumer', wait);
    if (step)
      this.span(
        `simulate ${step.name}`,
        service,
        start + WORK_MS,
        start + WORK_MS + step.seedMs,
        'internal',
        consume,
        {
          'lab.simulated': true,
        },
      );
    this.span('redis effects.record', service, end - HOP_MS, end - WORK_MS, 'client', consume, {
      'db.operation.name': 'effects.record',
    });
    return { consume, end };
  }

  edge(endMs: number): TraceSpan {
    return this.span('POST /checkout', 'gateway', 0, endMs, 'server', undefined, {
      'lab.order_id': this.orderId,
    });
  }
}

const steps = (names: readonly string[]) => CHECKOUT_STEPS.filter((s) => names.includes(s.name));

/** A sync order: seven calls in sequence; `slowBy` ms of the pool's wait first (the p99 order). */
function syncOrder(orderId: string, slowBy: number): TraceSpan[] {
  const t = new TraceWriter('sync', orderId);
  const duration =
    slowBy +
    CHECKOUT_STEPS.reduce((n, s) => n + s.seedMs + 2 * HOP_MS + 2 * WORK_MS, 0) +
    2 * WORK_MS;
  const edge = t.edge(duration);
  if (slowBy)
    t.span('wait pool', 'gateway', WORK_MS, WORK_MS + slowBy, 'internal', edge, {
      'lab.queue_wait': true,
    });
  let at = WORK_MS + slowBy;
  for (const step of CHECKOUT_STEPS) at = t.call(edge, step, at);
  return t.spans;
}

/** A hybrid order: the critical path over gRPC, then the background steps as messages. */
function hybridOrder(orderId: string, waitMs: number): TraceSpan[] {
  const t = new TraceWriter('hybrid', orderId);
  const critical =
    CRITICAL_STEPS.reduce((n, s) => n + s.seedMs + 2 * HOP_MS + 2 * WORK_MS, 0) +
    2 * WORK_MS +
    HOP_MS;
  const edge = t.edge(critical);
  let at = WORK_MS;
  for (const step of CRITICAL_STEPS) at = t.call(edge, step, at);
  for (const step of steps(['sendEmail', 'updateAnalytics', 'notifyWarehouse']))
    t.message(edge, 'hybrid.order.confirmed', step.service, at, waitMs, step);
  return t.spans;
}

/** An async order: answered at once, then a saga of events, each waiting `waitMs` in its stream. */
function asyncOrder(orderId: string, waitMs: number, oddName?: string): TraceSpan[] {
  const t = new TraceWriter('async', orderId);
  const edge = t.edge(3 * HOP_MS);
  if (oddName) t.span(oddName, 'gateway', HOP_MS, 2 * HOP_MS, 'client', edge);
  let at = 2 * HOP_MS;
  const placed = t.message(
    edge,
    'async.order.placed',
    'inventory',
    at,
    waitMs,
    steps(['checkInventory'])[0],
  );
  at = placed.end;
  const reserved = t.message(
    placed.consume,
    'async.order.reserved',
    'payment',
    at,
    waitMs,
    steps(['chargeCard'])[0],
  );
  for (const step of steps(['sendEmail', 'updateAnalytics', 'notifyWarehouse']))
    t.message(reserved.consume, 'async.order.confirmed', step.service, reserved.end, waitMs, step);
  return t.spans;
}

function waterfall(
  pick: 'p50' | 'p99',
  orderId: string,
  spans: TraceSpan[],
  acceptedMs: number,
  overMs: number,
): Waterfall {
  const end = Math.max(...spans.map((s) => s.endMs)) - T0;
  return buildWaterfall({
    pick,
    orderId,
    spans,
    acceptedMs,
    completedMs: end + overMs,
    targetMs: end + overMs,
  })!;
}

/** A traced run of a variant: what the runner keeps of it for the tracing section. */
function tracedRun(
  variant: VariantResult,
  p50: Waterfall,
  p99: Waterfall,
  acceptedP50: number,
): VariantResult {
  return {
    ...variant,
    accepted: { ...variant.accepted, p50: acceptedP50 },
    whereTheTimeWent: { tracedOrders: 340, spans: 340 * p50.spans, droppedSpans: 0, p50, p99 },
  };
}

/**
 * The seed scenario's traced runs, beside its untraced `variants`; the async
 * p99 order has a span named `hostile`, data a printer must escape.
 */
export function seedTracing(variants: readonly VariantResult[], hostile: string): ScenarioTracing {
  const of = (name: string) => variants.find((v) => v.variant === name)!;
  const sync = of('sync');
  const async = of('async');
  const hybrid = of('hybrid');
  const traced = [
    tracedRun(
      sync,
      waterfall('p50', 'sync-0001', syncOrder('sync-0001', 0), 3662, 6),
      waterfall('p99', 'sync-0099', syncOrder('sync-0099', 48), 3712, 9),
      sync.accepted.p50 + 0.6,
    ),
    tracedRun(
      async,
      waterfall('p50', 'async-0001', asyncOrder('async-0001', 0.8), 2.4, 1.5),
      waterfall('p99', 'async-0099', asyncOrder('async-0099', 21, hostile), 4.8, 2),
      async.accepted.p50 + 0.3,
    ),
    tracedRun(
      hybrid,
      waterfall('p50', 'hybrid-0001', hybridOrder('hybrid-0001', 0.9), 2458, 3),
      waterfall('p99', 'hybrid-0099', hybridOrder('hybrid-0099', 14), 2470, 4),
      hybrid.accepted.p50 + 0.5,
    ),
  ];
  return scenarioTracing(1, variants, traced);
}
