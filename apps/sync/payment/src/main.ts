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

// Each operation checks the decoded message itself: INVALID_ARGUMENT, and no effect, when it makes no sense.
await serveService(rt, 'payment', grpcPortOf(rt, 'payment'), {
  ValidatePayment: (req) => payment.validate(req),
  Charge: (req) => payment.charge(req),
  Refund: async (req) => {
    const { refundIds } = await payment.refund(req);
    return { refundId: refundIds.join(',') };
  },
});
