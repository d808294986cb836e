// Original file: ../../proto/shop/notification/v1/notification.proto


export interface SendEmailRequest {
  'requestId'?: (string);
  'orderId'?: (string);
  'to'?: (string);
  'template'?: (string);
  'customerId'?: (string);
}

export interface SendEmailRequest__Output {
  'requestId': (string);
  'orderId': (string);
  'to': (string);
  'template': (string);
  'customerId': (string);
}
