// Original file: ../../proto/shop/payment/v1/payment.proto


export interface RefundResponse {
  'refundId'?: (string);
}

export interface RefundResponse__Output {
  'refundId': (string);
}
