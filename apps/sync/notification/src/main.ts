import { bootstrap, grpcPortOf } from '@lab/runtime';
import { backgroundOperations } from '@lab/services';
import { serveService } from '@lab/transport-grpc';

const rt = bootstrap('notification', { stacks: ['sync'], redisRole: 'request-path' });
await rt.connect();
const background = backgroundOperations(rt.ops);

await serveService(rt, 'notification', grpcPortOf(rt, 'notification'), {
  SendEmail: (req) => background.sendEmail(req),
});
