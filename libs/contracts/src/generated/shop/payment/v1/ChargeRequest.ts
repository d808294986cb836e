// Original file: ../../proto/shop/payment/v1/payment.proto

import type { Card as _shop_payment_v1_Card, Card__Output as _shop_payment_v1_Card__Output } from '../../../shop/payment/v1/Card.js';
import type { Long } from '@grpc/proto-loader';

export interface ChargeRequest {
  'requestId'?: (string);
  'orderId'?: (string);
  'card'?: (_shop_payment_v1_Card | null);
  'amountCents'?: (number | string | Long);
  'currency'?: (string);
  'idempotencyKey'?: (string);
}

export interface ChargeRequest__Output {
  'requestId': (string);
  'orderId': (string);
  'card': (_shop_payment_v1_Card__Output | null);
  'amountCents': (number);
  'currency': (string);
  'idempotencyKey': (string);
}
