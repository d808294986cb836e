// Original file: ../../proto/shop/inventory/v1/inventory.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CheckStockRequest as _shop_inventory_v1_CheckStockRequest, CheckStockRequest__Output as _shop_inventory_v1_CheckStockRequest__Output } from '../../../shop/inventory/v1/CheckStockRequest.js';
import type { CheckStockResponse as _shop_inventory_v1_CheckStockResponse, CheckStockResponse__Output as _shop_inventory_v1_CheckStockResponse__Output } from '../../../shop/inventory/v1/CheckStockResponse.js';
import type { ReleaseRequest as _shop_inventory_v1_ReleaseRequest, ReleaseRequest__Output as _shop_inventory_v1_ReleaseRequest__Output } from '../../../shop/inventory/v1/ReleaseRequest.js';
import type { ReleaseResponse as _shop_inventory_v1_ReleaseResponse, ReleaseResponse__Output as _shop_inventory_v1_ReleaseResponse__Output } from '../../../shop/inventory/v1/ReleaseResponse.js';
import type { ReserveRequest as _shop_inventory_v1_ReserveRequest, ReserveRequest__Output as _shop_inventory_v1_ReserveRequest__Output } from '../../../shop/inventory/v1/ReserveRequest.js';
import type { ReserveResponse as _shop_inventory_v1_ReserveResponse, ReserveResponse__Output as _shop_inventory_v1_ReserveResponse__Output } from '../../../shop/inventory/v1/ReserveResponse.js';

export interface InventoryServiceClient extends grpc.Client {
  CheckStock(argument: _shop_inventory_v1_CheckStockRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_CheckStockResponse__Output>): grpc.ClientUnaryCall;
  CheckStock(argument: _shop_inventory_v1_CheckStockRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_inventory_v1_CheckStockResponse__Output>): grpc.ClientUnaryCall;
  CheckStock(argument: _shop_inventory_v1_CheckStockRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_CheckStockResponse__Output>): grpc.ClientUnaryCall;
  CheckStock(argument: _shop_inventory_v1_CheckStockRequest, callback: grpc.requestCallback<_shop_inventory_v1_CheckStockResponse__Output>): grpc.ClientUnaryCall;
  checkStock(argument: _shop_inventory_v1_CheckStockRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_CheckStockResponse__Output>): grpc.ClientUnaryCall;
  checkStock(argument: _shop_inventory_v1_CheckStockRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_inventory_v1_CheckStockResponse__Output>): grpc.ClientUnaryCall;
  checkStock(argument: _shop_inventory_v1_CheckStockRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_CheckStockResponse__Output>): grpc.ClientUnaryCall;
  checkStock(argument: _shop_inventory_v1_CheckStockRequest, callback: grpc.requestCallback<_shop_inventory_v1_CheckStockResponse__Output>): grpc.ClientUnaryCall;
  
  Release(argument: _shop_inventory_v1_ReleaseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_ReleaseResponse__Output>): grpc.ClientUnaryCall;
  Release(argument: _shop_inventory_v1_ReleaseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_inventory_v1_ReleaseResponse__Output>): grpc.ClientUnaryCall;
  Release(argument: _shop_inventory_v1_ReleaseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_ReleaseResponse__Output>): grpc.ClientUnaryCall;
  Release(argument: _shop_inventory_v1_ReleaseRequest, callback: grpc.requestCallback<_shop_inventory_v1_ReleaseResponse__Output>): grpc.ClientUnaryCall;
  release(argument: _shop_inventory_v1_ReleaseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_ReleaseResponse__Output>): grpc.ClientUnaryCall;
  release(argument: _shop_inventory_v1_ReleaseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_inventory_v1_ReleaseResponse__Output>): grpc.ClientUnaryCall;
  release(argument: _shop_inventory_v1_ReleaseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_ReleaseResponse__Output>): grpc.ClientUnaryCall;
  release(argument: _shop_inventory_v1_ReleaseRequest, callback: grpc.requestCallback<_shop_inventory_v1_ReleaseResponse__Output>): grpc.ClientUnaryCall;
  
  Reserve(argument: _shop_inventory_v1_ReserveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_ReserveResponse__Output>): grpc.ClientUnaryCall;
  Reserve(argument: _shop_inventory_v1_ReserveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_inventory_v1_ReserveResponse__Output>): grpc.ClientUnaryCall;
  Reserve(argument: _shop_inventory_v1_ReserveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_ReserveResponse__Output>): grpc.ClientUnaryCall;
  Reserve(argument: _shop_inventory_v1_ReserveRequest, callback: grpc.requestCallback<_shop_inventory_v1_ReserveResponse__Output>): grpc.ClientUnaryCall;
  reserve(argument: _shop_inventory_v1_ReserveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_ReserveResponse__Output>): grpc.ClientUnaryCall;
  reserve(argument: _shop_inventory_v1_ReserveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_inventory_v1_ReserveResponse__Output>): grpc.ClientUnaryCall;
  reserve(argument: _shop_inventory_v1_ReserveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_inventory_v1_ReserveResponse__Output>): grpc.ClientUnaryCall;
  reserve(argument: _shop_inventory_v1_ReserveRequest, callback: grpc.requestCallback<_shop_inventory_v1_ReserveResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface InventoryServiceHandlers extends grpc.UntypedServiceImplementation {
  CheckStock: grpc.handleUnaryCall<_shop_inventory_v1_CheckStockRequest__Output, _shop_inventory_v1_CheckStockResponse>;
  
  Release: grpc.handleUnaryCall<_shop_inventory_v1_ReleaseRequest__Output, _shop_inventory_v1_ReleaseResponse>;
  
  Reserve: grpc.handleUnaryCall<_shop_inventory_v1_ReserveRequest__Output, _shop_inventory_v1_ReserveResponse>;
  
}

export interface InventoryServiceDefinition extends grpc.ServiceDefinition {
  CheckStock: MethodDefinition<_shop_inventory_v1_CheckStockRequest, _shop_inventory_v1_CheckStockResponse, _shop_inventory_v1_CheckStockRequest__Output, _shop_inventory_v1_CheckStockResponse__Output>
  Release: MethodDefinition<_shop_inventory_v1_ReleaseRequest, _shop_inventory_v1_ReleaseResponse, _shop_inventory_v1_ReleaseRequest__Output, _shop_inventory_v1_ReleaseResponse__Output>
  Reserve: MethodDefinition<_shop_inventory_v1_ReserveRequest, _shop_inventory_v1_ReserveResponse, _shop_inventory_v1_ReserveRequest__Output, _shop_inventory_v1_ReserveResponse__Output>
}
