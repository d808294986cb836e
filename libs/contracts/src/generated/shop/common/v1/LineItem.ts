// Original file: ../../proto/shop/common/v1/common.proto


export interface LineItem {
  'sku'?: (string);
  'quantity'?: (number);
}

export interface LineItem__Output {
  'sku': (string);
  'quantity': (number);
}
