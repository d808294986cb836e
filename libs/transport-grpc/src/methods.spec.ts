import { describe, expectTypeOf, it } from 'vitest';
import type * as C from '@lab/contracts/grpc';
import type { RequestOf, RequestOutput, ResponseOf, ServiceMethods } from './methods.js';

describe('ServiceMethods', () => {
  it('names every method of the generated definitions, and nothing else', () => {
    expectTypeOf<keyof ServiceMethods['payment']>().toEqualTypeOf<
      'ValidatePayment' | 'Charge' | 'Refund'
    >();
    expectTypeOf<keyof ServiceMethods['inventory']>().toEqualTypeOf<
      'CheckStock' | 'Reserve' | 'Release'
    >();
    expectTypeOf<keyof ServiceMethods['warehouse']>().toEqualTypeOf<'NotifyShipment'>();
  });

  it('types each method by its generated messages', () => {
    expectTypeOf<RequestOf<'payment', 'Charge'>>().toEqualTypeOf<C.ChargeRequest>();
    expectTypeOf<RequestOutput<'payment', 'Charge'>>().toEqualTypeOf<C.ChargeRequest__Output>();
    expectTypeOf<ResponseOf<'payment', 'Charge'>>().toEqualTypeOf<C.ChargeResponse__Output>();
    expectTypeOf<
      ResponseOf<'analytics', 'RecordOrder'>
    >().toEqualTypeOf<C.RecordOrderResponse__Output>();
  });
});
