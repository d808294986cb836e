import { runAsyncService } from '@lab/checkout-async';
import { bootstrap } from '@lab/runtime';

const rt = bootstrap('payment', { stacks: ['async'], redisRole: 'worker', vault: true });
await rt.connect();
await runAsyncService(rt, 'payment');
