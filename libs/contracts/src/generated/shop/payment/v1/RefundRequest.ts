// Original file: ../../proto/shop/payment/v1/payment.proto

import type { Long } from '@grpc/proto-loader';

export interface RefundRequest {
  'requestId'?: (string);
  'orderId'?: (string);
  'chargeId'?: (string);
  'amountCents'?: (number | string | Long);
  'reason'?: (string);
}

export interface RefundRequest__Output {
  'requestId': (string);
  'orderId': (string);
  'chargeId': (string);
  'amountCents': (number);
  'reason': (string);
}
