import type { JsMsg, MsgHdrs } from 'nats';
import { SPAN_ATTRIBUTES, recordSpan, type SpanAttributes, type TraceGetter } from '@lab/telemetry';

/** Reads the publisher's context (W3C traceparent, tracestate) off a message's headers. */
export function headersGetter(headers: MsgHdrs | undefined): TraceGetter {
  return (key) => (headers?.has(key) ? headers.get(key) : undefined);
}

/** OpenTelemetry's messaging attributes of a JetStream message. */
export function messagingAttributes(
  operation: 'publish' | 'process',
  subject: string,
  extra: SpanAttributes = {},
): SpanAttributes {
  return {
    'messaging.system': 'nats',
    'messaging.operation.type': operation,
    'messaging.destination.name': subject,
    ...extra,
  };
}

const NANOS_PER_MS = 1e6;

/**
 * The time a message waited in its stream, from when the stream stored it to
 * now, the moment a handler takes it: a span of its own, child of the
 * publish, that the handler's span continues (so each consumer of a fanned-out
 * event follows its own wait). The publish's context when the message came
 * with none, or tracing is off.
 */
export function recordStreamWait(msg: JsMsg, durable: string, parent: TraceGetter): TraceGetter {
  if (!parent('traceparent')) return parent;
  const wait = recordSpan(`wait ${msg.subject}`, {
    kind: 'internal',
    parent,
    startTime: msg.info.timestampNanos / NANOS_PER_MS,
    endTime: Date.now(),
    attributes: messagingAttributes('process', msg.subject, {
      [SPAN_ATTRIBUTES.queueWait]: true,
      'messaging.consumer.group.name': durable,
    }),
  });
  return wait ?? parent;
}
