import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import {
  PROTO_FILES,
  PROTO_LOADER_OPTIONS,
  type AnalyticsProto,
  type InventoryProto,
  type NotificationProto,
  type PaymentProto,
  type WarehouseProto,
} from '@lab/contracts/grpc';
import type { ServiceName } from '@lab/domain';

export type ShopProto = PaymentProto &
  InventoryProto &
  NotificationProto &
  AnalyticsProto &
  WarehouseProto;

let cached: { definition: protoLoader.PackageDefinition; proto: ShopProto } | undefined;

/** Loads every service of proto/ once per process. */
export function loadShop(): { definition: protoLoader.PackageDefinition; proto: ShopProto } {
  if (!cached) {
    const definition = protoLoader.loadSync(Object.values(PROTO_FILES), PROTO_LOADER_OPTIONS);
    cached = { definition, proto: grpc.loadPackageDefinition(definition) as unknown as ShopProto };
  }
  return cached;
}

/** The generated client constructor and service definition of one service. */
export function serviceOf(name: ServiceName): grpc.ServiceClientConstructor {
  const { shop } = loadShop().proto;
  const ctor = {
    payment: shop.payment.v1.PaymentService,
    inventory: shop.inventory.v1.InventoryService,
    notification: shop.notification.v1.NotificationService,
    analytics: shop.analytics.v1.AnalyticsService,
    warehouse: shop.warehouse.v1.WarehouseService,
  }[name];
  return ctor as unknown as grpc.ServiceClientConstructor;
}
