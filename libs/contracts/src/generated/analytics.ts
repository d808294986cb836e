import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AnalyticsServiceClient as _shop_analytics_v1_AnalyticsServiceClient, AnalyticsServiceDefinition as _shop_analytics_v1_AnalyticsServiceDefinition } from './shop/analytics/v1/AnalyticsService.js';
import type { RecordOrderRequest as _shop_analytics_v1_RecordOrderRequest, RecordOrderRequest__Output as _shop_analytics_v1_RecordOrderRequest__Output } from './shop/analytics/v1/RecordOrderRequest.js';
import type { RecordOrderResponse as _shop_analytics_v1_RecordOrderResponse, RecordOrderResponse__Output as _shop_analytics_v1_RecordOrderResponse__Output } from './shop/analytics/v1/RecordOrderResponse.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  shop: {
    analytics: {
      v1: {
        AnalyticsService: SubtypeConstructor<typeof grpc.Client, _shop_analytics_v1_AnalyticsServiceClient> & { service: _shop_analytics_v1_AnalyticsServiceDefinition }
        RecordOrderRequest: MessageTypeDefinition<_shop_analytics_v1_RecordOrderRequest, _shop_analytics_v1_RecordOrderRequest__Output>
        RecordOrderResponse: MessageTypeDefinition<_shop_analytics_v1_RecordOrderResponse, _shop_analytics_v1_RecordOrderResponse__Output>
      }
    }
  }
}

