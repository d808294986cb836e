// Original file: ../../proto/shop/payment/v1/payment.proto

import type { Long } from '@grpc/proto-loader';

export interface ChargeResponse {
  'chargeId'?: (string);
  'amountCents'?: (number | string | Long);
}

export interface ChargeResponse__Output {
  'chargeId': (string);
  'amountCents': (number);
}
