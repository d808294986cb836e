import { bootstrap, grpcPortOf } from '@lab/runtime';
import { backgroundOperations } from '@lab/services';
import { serveService } from '@lab/transport-grpc';

const rt = bootstrap('analytics', { stacks: ['sync'], redisRole: 'request-path' });
await rt.connect();
const background = backgroundOperations(rt.ops);

await serveService(rt, 'analytics', grpcPortOf(rt, 'analytics'), {
  RecordOrder: (req) => background.recordOrder(req),
});
