// Original file: ../../proto/shop/payment/v1/payment.proto


export interface Card {
  'number'?: (string);
  'expiry'?: (string);
  'cvc'?: (string);
}

export interface Card__Output {
  'number': (string);
  'expiry': (string);
  'cvc': (string);
}
