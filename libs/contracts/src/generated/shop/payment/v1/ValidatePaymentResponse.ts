// Original file: ../../proto/shop/payment/v1/payment.proto


export interface ValidatePaymentResponse {
  'cardBrand'?: (string);
  'last4'?: (string);
}

export interface ValidatePaymentResponse__Output {
  'cardBrand': (string);
  'last4': (string);
}
