// Original file: ../../proto/shop/analytics/v1/analytics.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { RecordOrderRequest as _shop_analytics_v1_RecordOrderRequest, RecordOrderRequest__Output as _shop_analytics_v1_RecordOrderRequest__Output } from '../../../shop/analytics/v1/RecordOrderRequest.js';
import type { RecordOrderResponse as _shop_analytics_v1_RecordOrderResponse, RecordOrderResponse__Output as _shop_analytics_v1_RecordOrderResponse__Output } from '../../../shop/analytics/v1/RecordOrderResponse.js';

export interface AnalyticsServiceClient extends grpc.Client {
  RecordOrder(argument: _shop_analytics_v1_RecordOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_analytics_v1_RecordOrderResponse__Output>): grpc.ClientUnaryCall;
  RecordOrder(argument: _shop_analytics_v1_RecordOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_analytics_v1_RecordOrderResponse__Output>): grpc.ClientUnaryCall;
  RecordOrder(argument: _shop_analytics_v1_RecordOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_analytics_v1_RecordOrderResponse__Output>): grpc.ClientUnaryCall;
  RecordOrder(argument: _shop_analytics_v1_RecordOrderRequest, callback: grpc.requestCallback<_shop_analytics_v1_RecordOrderResponse__Output>): grpc.ClientUnaryCall;
  recordOrder(argument: _shop_analytics_v1_RecordOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_analytics_v1_RecordOrderResponse__Output>): grpc.ClientUnaryCall;
  recordOrder(argument: _shop_analytics_v1_RecordOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_analytics_v1_RecordOrderResponse__Output>): grpc.ClientUnaryCall;
  recordOrder(argument: _shop_analytics_v1_RecordOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_analytics_v1_RecordOrderResponse__Output>): grpc.ClientUnaryCall;
  recordOrder(argument: _shop_analytics_v1_RecordOrderRequest, callback: grpc.requestCallback<_shop_analytics_v1_RecordOrderResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface AnalyticsServiceHandlers extends grpc.UntypedServiceImplementation {
  RecordOrder: grpc.handleUnaryCall<_shop_analytics_v1_RecordOrderRequest__Output, _shop_analytics_v1_RecordOrderResponse>;
  
}

export interface AnalyticsServiceDefinition extends grpc.ServiceDefinition {
  RecordOrder: MethodDefinition<_shop_analytics_v1_RecordOrderRequest, _shop_analytics_v1_RecordOrderResponse, _shop_analytics_v1_RecordOrderRequest__Output, _shop_analytics_v1_RecordOrderResponse__Output>
}
