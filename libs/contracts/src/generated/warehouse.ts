import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { LineItem as _shop_common_v1_LineItem, LineItem__Output as _shop_common_v1_LineItem__Output } from './shop/common/v1/LineItem.js';
import type { NotifyShipmentRequest as _shop_warehouse_v1_NotifyShipmentRequest, NotifyShipmentRequest__Output as _shop_warehouse_v1_NotifyShipmentRequest__Output } from './shop/warehouse/v1/NotifyShipmentRequest.js';
import type { NotifyShipmentResponse as _shop_warehouse_v1_NotifyShipmentResponse, NotifyShipmentResponse__Output as _shop_warehouse_v1_NotifyShipmentResponse__Output } from './shop/warehouse/v1/NotifyShipmentResponse.js';
import type { WarehouseServiceClient as _shop_warehouse_v1_WarehouseServiceClient, WarehouseServiceDefinition as _shop_warehouse_v1_WarehouseServiceDefinition } from './shop/warehouse/v1/WarehouseService.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  shop: {
    common: {
      v1: {
        LineItem: MessageTypeDefinition<_shop_common_v1_LineItem, _shop_common_v1_LineItem__Output>
      }
    }
    warehouse: {
      v1: {
        NotifyShipmentRequest: MessageTypeDefinition<_shop_warehouse_v1_NotifyShipmentRequest, _shop_warehouse_v1_NotifyShipmentRequest__Output>
        NotifyShipmentResponse: MessageTypeDefinition<_shop_warehouse_v1_NotifyShipmentResponse, _shop_warehouse_v1_NotifyShipmentResponse__Output>
        WarehouseService: SubtypeConstructor<typeof grpc.Client, _shop_warehouse_v1_WarehouseServiceClient> & { service: _shop_warehouse_v1_WarehouseServiceDefinition }
      }
    }
  }
}

