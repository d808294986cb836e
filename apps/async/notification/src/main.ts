import { runAsyncService } from '@lab/checkout-async';
import { bootstrap } from '@lab/runtime';

const rt = bootstrap('notification', { stacks: ['async', 'hybrid'], redisRole: 'worker' });
await rt.connect();
await runAsyncService(rt, 'notification');
