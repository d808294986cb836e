import { runAsyncService } from '@lab/checkout-async';
import { healthServer } from '@lab/http-edge';
import { bootstrap } from '@lab/runtime';

const rt = bootstrap('inventory', { stacks: ['async'], redisRole: 'worker' });
await rt.connect();
await runAsyncService(rt, 'inventory', healthServer(rt));
