import { runAsyncService } from '@lab/checkout-async';
import { healthServer } from '@lab/http-edge';
import { bootstrap } from '@lab/runtime';

const rt = bootstrap('warehouse', { stacks: ['async', 'hybrid'], redisRole: 'worker' });
await rt.connect();
await runAsyncService(rt, 'warehouse', healthServer(rt));
