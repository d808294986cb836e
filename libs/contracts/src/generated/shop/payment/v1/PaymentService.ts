// Original file: ../../proto/shop/payment/v1/payment.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ChargeRequest as _shop_payment_v1_ChargeRequest, ChargeRequest__Output as _shop_payment_v1_ChargeRequest__Output } from '../../../shop/payment/v1/ChargeRequest.js';
import type { ChargeResponse as _shop_payment_v1_ChargeResponse, ChargeResponse__Output as _shop_payment_v1_ChargeResponse__Output } from '../../../shop/payment/v1/ChargeResponse.js';
import type { RefundRequest as _shop_payment_v1_RefundRequest, RefundRequest__Output as _shop_payment_v1_RefundRequest__Output } from '../../../shop/payment/v1/RefundRequest.js';
import type { RefundResponse as _shop_payment_v1_RefundResponse, RefundResponse__Output as _shop_payment_v1_RefundResponse__Output } from '../../../shop/payment/v1/RefundResponse.js';
import type { ValidatePaymentRequest as _shop_payment_v1_ValidatePaymentRequest, ValidatePaymentRequest__Output as _shop_payment_v1_ValidatePaymentRequest__Output } from '../../../shop/payment/v1/ValidatePaymentRequest.js';
import type { ValidatePaymentResponse as _shop_payment_v1_ValidatePaymentResponse, ValidatePaymentResponse__Output as _shop_payment_v1_ValidatePaymentResponse__Output } from '../../../shop/payment/v1/ValidatePaymentResponse.js';

export interface PaymentServiceClient extends grpc.Client {
  Charge(argument: _shop_payment_v1_ChargeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_payment_v1_ChargeResponse__Output>): grpc.ClientUnaryCall;
  Charge(argument: _shop_payment_v1_ChargeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_payment_v1_ChargeResponse__Output>): grpc.ClientUnaryCall;
  Charge(argument: _shop_payment_v1_ChargeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_payment_v1_ChargeResponse__Output>): grpc.ClientUnaryCall;
  Charge(argument: _shop_payment_v1_ChargeRequest, callback: grpc.requestCallback<_shop_payment_v1_ChargeResponse__Output>): grpc.ClientUnaryCall;
  charge(argument: _shop_payment_v1_ChargeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_payment_v1_ChargeResponse__Output>): grpc.ClientUnaryCall;
  charge(argument: _shop_payment_v1_ChargeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_payment_v1_ChargeResponse__Output>): grpc.ClientUnaryCall;
  charge(argument: _shop_payment_v1_ChargeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_payment_v1_ChargeResponse__Output>): grpc.ClientUnaryCall;
  charge(argument: _shop_payment_v1_ChargeRequest, callback: grpc.requestCallback<_shop_payment_v1_ChargeResponse__Output>): grpc.ClientUnaryCall;
  
  Refund(argument: _shop_payment_v1_RefundRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_payment_v1_RefundResponse__Output>): grpc.ClientUnaryCall;
  Refund(argument: _shop_payment_v1_RefundRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_payment_v1_RefundResponse__Output>): grpc.ClientUnaryCall;
  Refund(argument: _shop_payment_v1_RefundRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_payment_v1_RefundResponse__Output>): grpc.ClientUnaryCall;
  Refund(argument: _shop_payment_v1_RefundRequest, callback: grpc.requestCallback<_shop_payment_v1_RefundResponse__Output>): grpc.ClientUnaryCall;
  refund(argument: _shop_payment_v1_RefundRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_payment_v1_RefundResponse__Output>): grpc.ClientUnaryCall;
  refund(argument: _shop_payment_v1_RefundRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_payment_v1_RefundResponse__Output>): grpc.ClientUnaryCall;
  refund(argument: _shop_payment_v1_RefundRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_payment_v1_RefundResponse__Output>): grpc.ClientUnaryCall;
  refund(argument: _shop_payment_v1_RefundRequest, callback: grpc.requestCallback<_shop_payment_v1_RefundResponse__Output>): grpc.ClientUnaryCall;
  
  ValidatePayment(argument: _shop_payment_v1_ValidatePaymentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_payment_v1_ValidatePaymentResponse__Output>): grpc.ClientUnaryCall;
  ValidatePayment(argument: _shop_payment_v1_ValidatePaymentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_payment_v1_ValidatePaymentResponse__Output>): grpc.ClientUnaryCall;
  ValidatePayment(argument: _shop_payment_v1_ValidatePaymentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_payment_v1_ValidatePaymentResponse__Output>): grpc.ClientUnaryCall;
  ValidatePayment(argument: _shop_payment_v1_ValidatePaymentRequest, callback: grpc.requestCallback<_shop_payment_v1_ValidatePaymentResponse__Output>): grpc.ClientUnaryCall;
  validatePayment(argument: _shop_payment_v1_ValidatePaymentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_payment_v1_ValidatePaymentResponse__Output>): grpc.ClientUnaryCall;
  validatePayment(argument: _shop_payment_v1_ValidatePaymentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shop_payment_v1_ValidatePaymentResponse__Output>): grpc.ClientUnaryCall;
  validatePayment(argument: _shop_payment_v1_ValidatePaymentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shop_payment_v1_ValidatePaymentResponse__Output>): grpc.ClientUnaryCall;
  validatePayment(argument: _shop_payment_v1_ValidatePaymentRequest, callback: grpc.requestCallback<_shop_payment_v1_ValidatePaymentResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface PaymentServiceHandlers extends grpc.UntypedServiceImplementation {
  Charge: grpc.handleUnaryCall<_shop_payment_v1_ChargeRequest__Output, _shop_payment_v1_ChargeResponse>;
  
  Refund: grpc.handleUnaryCall<_shop_payment_v1_RefundRequest__Output, _shop_payment_v1_RefundResponse>;
  
  ValidatePayment: grpc.handleUnaryCall<_shop_payment_v1_ValidatePaymentRequest__Output, _shop_payment_v1_ValidatePaymentResponse>;
  
}

export interface PaymentServiceDefinition extends grpc.ServiceDefinition {
  Charge: MethodDefinition<_shop_payment_v1_ChargeRequest, _shop_payment_v1_ChargeResponse, _shop_payment_v1_ChargeRequest__Output, _shop_payment_v1_ChargeResponse__Output>
  Refund: MethodDefinition<_shop_payment_v1_RefundRequest, _shop_payment_v1_RefundResponse, _shop_payment_v1_RefundRequest__Output, _shop_payment_v1_RefundResponse__Output>
  ValidatePayment: MethodDefinition<_shop_payment_v1_ValidatePaymentRequest, _shop_payment_v1_ValidatePaymentResponse, _shop_payment_v1_ValidatePaymentRequest__Output, _shop_payment_v1_ValidatePaymentResponse__Output>
}
