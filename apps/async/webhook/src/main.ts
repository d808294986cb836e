import { connectWebhookReceiver } from '@lab/checkout-async';
import { healthRoute, startEdge, webhookRoute } from '@lab/http-edge';
import { bootstrap } from '@lab/runtime';

// The hybrid runs this receiver too, as it runs the async stack's workers.
const rt = bootstrap('webhook', { stacks: ['async', 'hybrid'], redisRole: 'worker' });
await rt.connect();
const wiring = await connectWebhookReceiver(rt);
const port = rt.config.stacks[rt.stack as 'async' | 'hybrid'].webhookPort;
const edge = await startEdge({
  host: rt.config.host,
  port,
  logger: rt.logger,
  registry: rt.registry,
  limits: rt.config.http,
  routes: [healthRoute(wiring.health), webhookRoute(wiring.receiver, rt.config.http)],
});
rt.onShutdown(() => wiring.close());
rt.onShutdown(() => edge.close(rt.config.shutdownGraceMs));
rt.ready(`webhook receiver on ${rt.config.host}:${String(edge.port)}`);
