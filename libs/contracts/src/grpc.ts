/**
 * The gRPC contracts: where the .proto files are, how they must be loaded so
 * that runtime objects match the generated types, and the generated types.
 * Only type imports of @grpc/grpc-js live here; loading is the transport's job.
 */
import { fileURLToPath } from 'node:url';

/** `proto/` at the workspace root; this file sits at the same depth in src/ and dist/. */
export const PROTO_ROOT = fileURLToPath(new URL('../../../proto', import.meta.url));

export const PROTO_FILES = {
  payment: 'shop/payment/v1/payment.proto',
  inventory: 'shop/inventory/v1/inventory.proto',
  notification: 'shop/notification/v1/notification.proto',
  analytics: 'shop/analytics/v1/analytics.proto',
  warehouse: 'shop/warehouse/v1/warehouse.proto',
} as const;

/** Must match the flags of the `generate` target, or the types lie. */
export const PROTO_LOADER_OPTIONS: {
  keepCase: boolean;
  longs: NumberConstructor;
  enums: StringConstructor;
  defaults: boolean;
  oneofs: boolean;
  includeDirs: string[];
} = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_ROOT],
};

/** Fully qualified service names, as health checking and reflection know them. */
export const GRPC_SERVICE_NAMES = {
  payment: 'shop.payment.v1.PaymentService',
  inventory: 'shop.inventory.v1.InventoryService',
  notification: 'shop.notification.v1.NotificationService',
  analytics: 'shop.analytics.v1.AnalyticsService',
  warehouse: 'shop.warehouse.v1.WarehouseService',
} as const;

export type { ProtoGrpcType as PaymentProto } from './generated/payment.js';
export type { ProtoGrpcType as InventoryProto } from './generated/inventory.js';
export type { ProtoGrpcType as NotificationProto } from './generated/notification.js';
export type { ProtoGrpcType as AnalyticsProto } from './generated/analytics.js';
export type { ProtoGrpcType as WarehouseProto } from './generated/warehouse.js';
export type {
  PaymentServiceHandlers,
  PaymentServiceClient,
} from './generated/shop/payment/v1/PaymentService.js';
export type {
  InventoryServiceHandlers,
  InventoryServiceClient,
} from './generated/shop/inventory/v1/InventoryService.js';
export type {
  NotificationServiceHandlers,
  NotificationServiceClient,
} from './generated/shop/notification/v1/NotificationService.js';
export type {
  AnalyticsServiceHandlers,
  AnalyticsServiceClient,
} from './generated/shop/analytics/v1/AnalyticsService.js';
export type {
  WarehouseServiceHandlers,
  WarehouseServiceClient,
} from './generated/shop/warehouse/v1/WarehouseService.js';
