import { createCatalog } from '@lab/domain';
import { bootstrap, grpcPortOf } from '@lab/runtime';
import { inventoryOperations } from '@lab/services';
import { serveService } from '@lab/transport-grpc';

const rt = bootstrap('inventory', { stacks: ['sync', 'hybrid'], redisRole: 'request-path' });
await rt.connect();
const inventory = inventoryOperations(rt.ops);
const { catalogSize, initialStock } = rt.config.simulation;
await inventory.stock.seed(createCatalog({ size: catalogSize, initialStock }));

// Each operation checks the decoded message itself: INVALID_ARGUMENT, and no effect, when it makes no sense.
await serveService(rt, 'inventory', grpcPortOf(rt, 'inventory'), {
  CheckStock: (req) => inventory.check(req),
  Reserve: (req) => inventory.reserve(req),
  Release: (req) => inventory.release(req),
});
