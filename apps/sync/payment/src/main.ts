import { ValidationError, type Card } from '@lab/domain';
import { bootstrap, grpcPortOf } from '@lab/runtime';
import { paymentOperations } from '@lab/services';
import { serveService } from '@lab/transport-grpc';

const rt = bootstrap('payment', { stacks: ['sync', 'hybrid'], redisRole: 'request-path' });
await rt.connect();
const payment = paymentOperations(rt.ops);

function cardOf(card: Card | null): Card {
  if (!card) throw new ValidationError([{ path: 'card', message: 'is required' }]);
  return { number: card.number, expiry: card.expiry, cvc: card.cvc };
}

await serveService(rt, 'payment', grpcPortOf(rt, 'payment'), {
  ValidatePayment: (req) => payment.validate({ orderId: req.orderId, card: cardOf(req.card) }),
  Charge: (req) =>
    payment.charge({
      orderId: req.orderId,
      card: cardOf(req.card),
      amountCents: req.amountCents,
      idempotencyKey: req.idempotencyKey || req.orderId,
    }),
  Refund: async (req) => {
    const { refundIds } = await payment.refund({ orderId: req.orderId, reason: req.reason });
    return { refundId: refundIds.join(',') };
  },
});
