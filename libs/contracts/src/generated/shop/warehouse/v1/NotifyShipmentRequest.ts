// Original file: ../../proto/shop/warehouse/v1/warehouse.proto

import type { LineItem as _shop_common_v1_LineItem, LineItem__Output as _shop_common_v1_LineItem__Output } from '../../../shop/common/v1/LineItem.js';

export interface NotifyShipmentRequest {
  'requestId'?: (string);
  'orderId'?: (string);
  'reservationId'?: (string);
  'items'?: (_shop_common_v1_LineItem)[];
}

export interface NotifyShipmentRequest__Output {
  'requestId': (string);
  'orderId': (string);
  'reservationId': (string);
  'items': (_shop_common_v1_LineItem__Output)[];
}
