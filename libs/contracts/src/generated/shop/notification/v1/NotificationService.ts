// Original file: ../../proto/shop/notification/v1/notification.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { SendEmailRequest as _shop_notification_v1_SendEmailRequest, SendEmailRequest__Output as _shop_notification_v1_SendEmailRequest__Output } from '../../../shop/notification/v1/SendEmailRequest.js';
import type { SendEmailResponse as _shop_notification_v1_SendEmailResponse, SendEmailResponse__Output as _shop_notification_v1_SendEmailResponse__Output } from '../../../shop/notification/v1/SendEmailResponse.js';

export interface NotificationServiceClient extends grpc.Client {
  SendEmail(argument: _shop_notification_v1_SendEmailRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_notification_v1_SendEmailResponse__Output>): grpc.ClientUnaryCall;
  SendEmail(argument: _shop_notification_v1_SendEmailRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_notification_v1_SendEmailResponse__Output>): grpc.ClientUnaryCall;
  SendEmail(argument: _shop_notification_v1_SendEmailRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_notification_v1_SendEmailResponse__Output>): grpc.ClientUnaryCall;
  SendEmail(argument: _shop_notification_v1_SendEmailRequest, callback: grpc.requestCallback<_shop_notification_v1_SendEmailResponse__Output>): grpc.ClientUnaryCall;
  sendEmail(argument: _shop_notification_v1_SendEmailRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_notification_v1_SendEmailResponse__Output>): grpc.ClientUnaryCall;
  sendEmail(argument: _shop_notification_v1_SendEmailRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_notification_v1_SendEmailResponse__Output>): grpc.ClientUnaryCall;
  sendEmail(argument: _shop_notification_v1_SendEmailRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_notification_v1_SendEmailResponse__Output>): grpc.ClientUnaryCall;
  sendEmail(argument: _shop_notification_v1_SendEmailRequest, callback: grpc.requestCallback<_shop_notification_v1_SendEmailResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface NotificationServiceHandlers extends grpc.UntypedServiceImplementation {
  SendEmail: grpc.handleUnaryCall<_shop_notification_v1_SendEmailRequest__Output, _shop_notification_v1_SendEmailResponse>;
  
}

export interface NotificationServiceDefinition extends grpc.ServiceDefinition {
  SendEmail: MethodDefinition<_shop_notification_v1_SendEmailRequest, _shop_notification_v1_SendEmailResponse, _shop_notification_v1_SendEmailRequest__Output, _shop_notification_v1_SendEmailResponse__Output>
}
