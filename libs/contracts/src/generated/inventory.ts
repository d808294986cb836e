import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { LineItem as _shop_common_v1_LineItem, LineItem__Output as _shop_common_v1_LineItem__Output } from './shop/common/v1/LineItem.js';
import type { CheckStockRequest as _shop_inventory_v1_CheckStockRequest, CheckStockRequest__Output as _shop_inventory_v1_CheckStockRequest__Output } from './shop/inventory/v1/CheckStockRequest.js';
import type { CheckStockResponse as _shop_inventory_v1_CheckStockResponse, CheckStockResponse__Output as _shop_inventory_v1_CheckStockResponse__Output } from './shop/inventory/v1/CheckStockResponse.js';
import type { InventoryServiceClient as _shop_inventory_v1_InventoryServiceClient, InventoryServiceDefinition as _shop_inventory_v1_InventoryServiceDefinition } from './shop/inventory/v1/InventoryService.js';
import type { ReleaseRequest as _shop_inventory_v1_ReleaseRequest, ReleaseRequest__Output as _shop_inventory_v1_ReleaseRequest__Output } from './shop/inventory/v1/ReleaseRequest.js';
import type { ReleaseResponse as _shop_inventory_v1_ReleaseResponse, ReleaseResponse__Output as _shop_inventory_v1_ReleaseResponse__Output } from './shop/inventory/v1/ReleaseResponse.js';
import type { ReserveRequest as _shop_inventory_v1_ReserveRequest, ReserveRequest__Output as _shop_inventory_v1_ReserveRequest__Output } from './shop/inventory/v1/ReserveRequest.js';
import type { ReserveResponse as _shop_inventory_v1_ReserveResponse, ReserveResponse__Output as _shop_inventory_v1_ReserveResponse__Output } from './shop/inventory/v1/ReserveResponse.js';

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
    inventory: {
      v1: {
        CheckStockRequest: MessageTypeDefinition<_shop_inventory_v1_CheckStockRequest, _shop_inventory_v1_CheckStockRequest__Output>
        CheckStockResponse: MessageTypeDefinition<_shop_inventory_v1_CheckStockResponse, _shop_inventory_v1_CheckStockResponse__Output>
        InventoryService: SubtypeConstructor<typeof grpc.Client, _shop_inventory_v1_InventoryServiceClient> & { service: _shop_inventory_v1_InventoryServiceDefinition }
        ReleaseRequest: MessageTypeDefinition<_shop_inventory_v1_ReleaseRequest, _shop_inventory_v1_ReleaseRequest__Output>
        ReleaseResponse: MessageTypeDefinition<_shop_inventory_v1_ReleaseResponse, _shop_inventory_v1_ReleaseResponse__Output>
        ReserveRequest: MessageTypeDefinition<_shop_inventory_v1_ReserveRequest, _shop_inventory_v1_ReserveRequest__Output>
        ReserveResponse: MessageTypeDefinition<_shop_inventory_v1_ReserveResponse, _shop_inventory_v1_ReserveResponse__Output>
      }
    }
  }
}

