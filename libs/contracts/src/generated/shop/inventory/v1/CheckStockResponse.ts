// Original file: ../../proto/shop/inventory/v1/inventory.proto


export interface CheckStockResponse {
  'available'?: (boolean);
  'shortSkus'?: (string)[];
}

export interface CheckStockResponse__Output {
  'available': (boolean);
  'shortSkus': (string)[];
}
