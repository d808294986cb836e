// Original file: ../../proto/shop/inventory/v1/inventory.proto


export interface ReserveResponse {
  'reservationId'?: (string);
}

export interface ReserveResponse__Output {
  'reservationId': (string);
}
