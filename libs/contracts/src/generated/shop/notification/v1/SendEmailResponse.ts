// Original file: ../../proto/shop/notification/v1/notification.proto


export interface SendEmailResponse {
  'messageId'?: (string);
}

export interface SendEmailResponse__Output {
  'messageId': (string);
}
