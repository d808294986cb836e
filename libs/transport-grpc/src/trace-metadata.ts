import type { Metadata } from '@grpc/grpc-js';
import { GRPC_SERVICE_NAMES } from '@lab/contracts/grpc';
import type { ServiceName } from '@lab/domain';
import type { LabSpan, SpanAttributes, TraceGetter } from '@lab/telemetry';

/** The span of a call, named as OpenTelemetry's RPC conventions name it: `service/method`. */
export function rpcSpanName(service: ServiceName, method: string): string {
  return `${GRPC_SERVICE_NAMES[service]}/${method}`;
}

export function rpcAttributes(service: ServiceName, method: string): SpanAttributes {
  return {
    'rpc.system': 'grpc',
    'rpc.service': GRPC_SERVICE_NAMES[service],
    'rpc.method': method,
  };
}

/** Puts the call's context (W3C traceparent, tracestate) in its metadata. */
export function injectIntoMetadata(span: LabSpan | undefined, metadata: Metadata): void {
  span?.inject((key, value) => metadata.set(key, value));
}

/** Reads the caller's context off a call's metadata. */
export function metadataGetter(metadata: Metadata): TraceGetter {
  return (key) => {
    const value = metadata.get(key)[0];
    return typeof value === 'string' ? value : undefined;
  };
}
