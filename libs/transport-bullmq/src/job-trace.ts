import type { Job, Telemetry } from 'bullmq';
import { BullMQOtel } from 'bullmq-otel';
import { SPAN_ATTRIBUTES, recordSpan, tracingActive, type TraceGetter } from '@lab/telemetry';

/**
 * BullMQ's own telemetry (bullmq-otel) while tracing is on: `add` is a
 * producer span whose context BullMQ keeps in the job (its options'
 * `telemetry.metadata`), and each attempt a consumer span `process <queue>`
 * continuing it, in which the processor runs. Nothing while tracing is off.
 */
export function jobTelemetry(): { telemetry?: Telemetry } {
  return tracingActive() ? { telemetry: new BullMQOtel({ tracerName: 'bullmq' }) } : {};
}

/** The producer's context a job carries (W3C fields, as JSON in its telemetry metadata). */
export function jobContext(job: Pick<Job, 'opts'>): TraceGetter | undefined {
  const metadata = job.opts.telemetry?.metadata;
  if (!metadata) return undefined;
  try {
    const fields = JSON.parse(metadata) as Record<string, unknown>;
    return (key) => (typeof fields[key] === 'string' ? fields[key] : undefined);
  } catch {
    // Metadata another client wrote in its own shape: the job runs, untraced.
    return undefined;
  }
}

/**
 * The time a job waited, from when it was added to when this attempt began:
 * a span beside BullMQ's `process` span, both children of the `add`. A retried
 * job's wait includes its earlier attempts and their backoff.
 */
export function recordJobWait(job: Job, queue: string): void {
  if (!tracingActive()) return;
  const parent = jobContext(job);
  if (!parent) return;
  recordSpan(`wait ${queue}`, {
    kind: 'internal',
    parent,
    startTime: job.timestamp,
    endTime: job.processedOn ?? Date.now(),
    attributes: {
      [SPAN_ATTRIBUTES.queueWait]: true,
      'messaging.system': 'bullmq',
      'messaging.destination.name': queue,
      'messaging.message.id': job.id ?? '',
    },
  });
}
