import { ValidationError, type CardRef } from '@lab/domain';
import { bootstrap, grpcPortOf } from '@lab/runtime';
import { paymentOperations } from '@lab/services';
import { serveService } from '@lab/transport-grpc';

const rt = bootstrap('payment', {
  stacks: ['sync', 'hybrid'],
  redisRole: 'request-path',
  vault: true,
});
await rt.connect();
const payment = paymentOperations(rt.ops);

function cardOf(card: { token: string; last4: string; brand: string } | null): CardRef {
  if (!card) throw new ValidationError([{ path: 'cardRef', message: 'is required' }]);
  return { token: card.token, last4: card.last4, brand: card.brand as CardRef['brand'] };
}

await serveService(rt, 'payment', grpcPortOf(rt, 'payment'), {
  ValidatePayment: (req) => payment.validate({ orderId: req.orderId, card: cardOf(req.cardRef) }),
  Charge: (req) =>
    payment.charge({
      orderId: req.orderId,
      card: cardOf(req.cardRef),
      amountCents: req.amountCents,
      idempotencyKey: req.idempotencyKey || req.orderId,
    }),
  Refund: async (req) => {
    const { refundIds } = await payment.refund({ orderId: req.orderId, reason: req.reason });
    return { refundId: refundIds.join(',') };
  },
});
