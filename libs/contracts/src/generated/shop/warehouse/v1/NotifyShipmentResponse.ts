// Original file: ../../proto/shop/warehouse/v1/warehouse.proto


export interface NotifyShipmentResponse {
  'noticeId'?: (string);
}

export interface NotifyShipmentResponse__Output {
  'noticeId': (string);
}
