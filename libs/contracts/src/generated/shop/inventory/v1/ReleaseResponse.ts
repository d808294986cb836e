// Original file: ../../proto/shop/inventory/v1/inventory.proto


export interface ReleaseResponse {
  'released'?: (boolean);
}

export interface ReleaseResponse__Output {
  'released': (boolean);
}
