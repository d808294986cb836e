// Original file: ../../proto/shop/inventory/v1/inventory.proto

import type { LineItem as _shop_common_v1_LineItem, LineItem__Output as _shop_common_v1_LineItem__Output } from '../../../shop/common/v1/LineItem.js';

export interface ReserveRequest {
  'requestId'?: (string);
  'orderId'?: (string);
  'items'?: (_shop_common_v1_LineItem)[];
}

export interface ReserveRequest__Output {
  'requestId': (string);
  'orderId': (string);
  'items': (_shop_common_v1_LineItem__Output)[];
}
