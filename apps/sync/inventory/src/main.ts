import { createCatalog } from '@lab/domain';
import { bootstrap, grpcPortOf } from '@lab/runtime';
import { inventoryOperations } from '@lab/services';
import { serveService } from '@lab/transport-grpc';

const rt = bootstrap('inventory', { stacks: ['sync', 'hybrid'], redisRole: 'request-path' });
await rt.connect();
const inventory = inventoryOperations(rt.ops);
const { catalogSize, initialStock } = rt.config.simulation;
await inventory.stock.seed(createCatalog({ size: catalogSize, initialStock }));

await serveService(rt, 'inventory', grpcPortOf(rt, 'inventory'), {
  CheckStock: (req) => inventory.check({ orderId: req.orderId, items: req.items }),
  Reserve: (req) => inventory.reserve({ orderId: req.orderId, items: req.items }),
  Release: (req) => inventory.release({ orderId: req.orderId }),
});
