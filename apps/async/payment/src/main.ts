import { runAsyncService } from '@lab/checkout-async';
import { healthServer } from '@lab/http-edge';
import { bootstrap } from '@lab/runtime';

const rt = bootstrap('payment', { stacks: ['async'], redisRole: 'worker', vault: true });
await rt.connect();
await runAsyncService(rt, 'payment', healthServer(rt));
