import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { CardReference as _shop_payment_v1_CardReference, CardReference__Output as _shop_payment_v1_CardReference__Output } from './shop/payment/v1/CardReference.js';
import type { ChargeRequest as _shop_payment_v1_ChargeRequest, ChargeRequest__Output as _shop_payment_v1_ChargeRequest__Output } from './shop/payment/v1/ChargeRequest.js';
import type { ChargeResponse as _shop_payment_v1_ChargeResponse, ChargeResponse__Output as _shop_payment_v1_ChargeResponse__Output } from './shop/payment/v1/ChargeResponse.js';
import type { PaymentServiceClient as _shop_payment_v1_PaymentServiceClient, PaymentServiceDefinition as _shop_payment_v1_PaymentServiceDefinition } from './shop/payment/v1/PaymentService.js';
import type { RefundRequest as _shop_payment_v1_RefundRequest, RefundRequest__Output as _shop_payment_v1_RefundRequest__Output } from './shop/payment/v1/RefundRequest.js';
import type { RefundResponse as _shop_payment_v1_RefundResponse, RefundResponse__Output as _shop_payment_v1_RefundResponse__Output } from './shop/payment/v1/RefundResponse.js';
import type { ValidatePaymentRequest as _shop_payment_v1_ValidatePaymentRequest, ValidatePaymentRequest__Output as _shop_payment_v1_ValidatePaymentRequest__Output } from './shop/payment/v1/ValidatePaymentRequest.js';
import type { ValidatePaymentResponse as _shop_payment_v1_ValidatePaymentResponse, ValidatePaymentResponse__Output as _shop_payment_v1_ValidatePaymentResponse__Output } from './shop/payment/v1/ValidatePaymentResponse.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  shop: {
    payment: {
      v1: {
        CardReference: MessageTypeDefinition<_shop_payment_v1_CardReference, _shop_payment_v1_CardReference__Output>
        ChargeRequest: MessageTypeDefinition<_shop_payment_v1_ChargeRequest, _shop_payment_v1_ChargeRequest__Output>
        ChargeResponse: MessageTypeDefinition<_shop_payment_v1_ChargeResponse, _shop_payment_v1_ChargeResponse__Output>
        PaymentService: SubtypeConstructor<typeof grpc.Client, _shop_payment_v1_PaymentServiceClient> & { service: _shop_payment_v1_PaymentServiceDefinition }
        RefundRequest: MessageTypeDefinition<_shop_payment_v1_RefundRequest, _shop_payment_v1_RefundRequest__Output>
        RefundResponse: MessageTypeDefinition<_shop_payment_v1_RefundResponse, _shop_payment_v1_RefundResponse__Output>
        ValidatePaymentRequest: MessageTypeDefinition<_shop_payment_v1_ValidatePaymentRequest, _shop_payment_v1_ValidatePaymentRequest__Output>
        ValidatePaymentResponse: MessageTypeDefinition<_shop_payment_v1_ValidatePaymentResponse, _shop_payment_v1_ValidatePaymentResponse__Output>
      }
    }
  }
}

