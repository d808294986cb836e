import { bootstrap, grpcPortOf } from '@lab/runtime';
import { backgroundOperations } from '@lab/services';
import { serveService } from '@lab/transport-grpc';

const rt = bootstrap('warehouse', { stacks: ['sync'], redisRole: 'request-path' });
await rt.connect();
const background = backgroundOperations(rt.ops);

await serveService(rt, 'warehouse', grpcPortOf(rt, 'warehouse'), {
  NotifyShipment: (req) => background.notifyWarehouse(req),
});
