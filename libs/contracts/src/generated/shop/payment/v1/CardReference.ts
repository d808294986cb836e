// Original file: ../../proto/shop/payment/v1/payment.proto


export interface CardReference {
  'token'?: (string);
  'last4'?: (string);
  'brand'?: (string);
}

export interface CardReference__Output {
  'token': (string);
  'last4': (string);
  'brand': (string);
}
