import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { NotificationServiceClient as _shop_notification_v1_NotificationServiceClient, NotificationServiceDefinition as _shop_notification_v1_NotificationServiceDefinition } from './shop/notification/v1/NotificationService.js';
import type { SendEmailRequest as _shop_notification_v1_SendEmailRequest, SendEmailRequest__Output as _shop_notification_v1_SendEmailRequest__Output } from './shop/notification/v1/SendEmailRequest.js';
import type { SendEmailResponse as _shop_notification_v1_SendEmailResponse, SendEmailResponse__Output as _shop_notification_v1_SendEmailResponse__Output } from './shop/notification/v1/SendEmailResponse.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  shop: {
    notification: {
      v1: {
        NotificationService: SubtypeConstructor<typeof grpc.Client, _shop_notification_v1_NotificationServiceClient> & { service: _shop_notification_v1_NotificationServiceDefinition }
        SendEmailRequest: MessageTypeDefinition<_shop_notification_v1_SendEmailRequest, _shop_notification_v1_SendEmailRequest__Output>
        SendEmailResponse: MessageTypeDefinition<_shop_notification_v1_SendEmailResponse, _shop_notification_v1_SendEmailResponse__Output>
      }
    }
  }
}

