// Original file: ../../proto/shop/payment/v1/payment.proto

import type { CardReference as _shop_payment_v1_CardReference, CardReference__Output as _shop_payment_v1_CardReference__Output } from '../../../shop/payment/v1/CardReference.js';
import type { Long } from '@grpc/proto-loader';

export interface ValidatePaymentRequest {
  'requestId'?: (string);
  'orderId'?: (string);
  'amountCents'?: (number | string | Long);
  'cardRef'?: (_shop_payment_v1_CardReference | null);
}

export interface ValidatePaymentRequest__Output {
  'requestId': (string);
  'orderId': (string);
  'amountCents': (number);
  'cardRef': (_shop_payment_v1_CardReference__Output | null);
}
