// Original file: ../../proto/shop/analytics/v1/analytics.proto

import type { Long } from '@grpc/proto-loader';

export interface RecordOrderRequest {
  'requestId'?: (string);
  'orderId'?: (string);
  'customerId'?: (string);
  'amountCents'?: (number | string | Long);
  'itemCount'?: (number);
}

export interface RecordOrderRequest__Output {
  'requestId': (string);
  'orderId': (string);
  'customerId': (string);
  'amountCents': (number);
  'itemCount': (number);
}
