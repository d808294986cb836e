// Original file: ../../proto/shop/analytics/v1/analytics.proto


export interface RecordOrderResponse {
  'recorded'?: (boolean);
}

export interface RecordOrderResponse__Output {
  'recorded': (boolean);
}
