// Original file: ../../proto/shop/warehouse/v1/warehouse.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { NotifyShipmentRequest as _shop_warehouse_v1_NotifyShipmentRequest, NotifyShipmentRequest__Output as _shop_warehouse_v1_NotifyShipmentRequest__Output } from '../../../shop/warehouse/v1/NotifyShipmentRequest.js';
import type { NotifyShipmentResponse as _shop_warehouse_v1_NotifyShipmentResponse, NotifyShipmentResponse__Output as _shop_warehouse_v1_NotifyShipmentResponse__Output } from '../../../shop/warehouse/v1/NotifyShipmentResponse.js';

export interface WarehouseServiceClient extends grpc.Client {
  NotifyShipment(argument: _shop_warehouse_v1_NotifyShipmentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_warehouse_v1_NotifyShipmentResponse__Output>): grpc.ClientUnaryCall;
  NotifyShipment(argument: _shop_warehouse_v1_NotifyShipmentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_warehouse_v1_NotifyShipmentResponse__Output>): grpc.ClientUnaryCall;
  NotifyShipment(argument: _shop_warehouse_v1_NotifyShipmentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_warehouse_v1_NotifyShipmentResponse__Output>): grpc.ClientUnaryCall;
  NotifyShipment(argument: _shop_warehouse_v1_NotifyShipmentRequest, callback: grpc.requestCallback<_shop_warehouse_v1_NotifyShipmentResponse__Output>): grpc.ClientUnaryCall;
  notifyShipment(argument: _shop_warehouse_v1_NotifyShipmentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_warehouse_v1_NotifyShipmentResponse__Output>): grpc.ClientUnaryCall;
  notifyShipment(argument: _shop_warehouse_v1_NotifyShipmentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_warehouse_v1_NotifyShipmentResponse__Output>): grpc.ClientUnaryCall;
  notifyShipment(argument: _shop_warehouse_v1_NotifyShipmentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_warehouse_v1_NotifyShipmentResponse__Output>): grpc.ClientUnaryCall;
  notifyShipment(argument: _shop_warehouse_v1_NotifyShipmentRequest, callback: grpc.requestCallback<_shop_warehouse_v1_NotifyShipmentResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface WarehouseServiceHandlers extends grpc.UntypedServiceImplementation {
  NotifyShipment: grpc.handleUnaryCall<_shop_warehouse_v1_NotifyShipmentRequest__Output, _shop_warehouse_v1_NotifyShipmentResponse>;
  
}

export interface WarehouseServiceDefinition extends grpc.ServiceDefinition {
  NotifyShipment: MethodDefinition<_shop_warehouse_v1_NotifyShipmentRequest, _shop_warehouse_v1_NotifyShipmentResponse, _shop_warehouse_v1_NotifyShipmentRequest__Output, _shop_warehouse_v1_NotifyShipmentResponse__Output>
}
