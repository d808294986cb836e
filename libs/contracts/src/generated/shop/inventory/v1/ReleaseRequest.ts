// Original file: ../../proto/shop/inventory/v1/inventory.proto


export interface ReleaseRequest {
  'requestId'?: (string);
  'orderId'?: (string);
  'reservationId'?: (string);
  'reason'?: (string);
}

export interface ReleaseRequest__Output {
  'requestId': (string);
  'orderId': (string);
  'reservationId': (string);
  'reason': (string);
}
