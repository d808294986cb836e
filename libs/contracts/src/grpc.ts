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
  PaymentServiceClient,
  PaymentServiceDefinition,
  PaymentServiceHandlers,
} from './generated/shop/payment/v1/PaymentService.js';
export type {
  InventoryServiceClient,
  InventoryServiceDefinition,
  InventoryServiceHandlers,
} from './generated/shop/inventory/v1/InventoryService.js';
export type {
  NotificationServiceClient,
  NotificationServiceDefinition,
  NotificationServiceHandlers,
} from './generated/shop/notification/v1/NotificationService.js';
export type {
  AnalyticsServiceClient,
  AnalyticsServiceDefinition,
  AnalyticsServiceHandlers,
} from './generated/shop/analytics/v1/AnalyticsService.js';
export type {
  WarehouseServiceClient,
  WarehouseServiceDefinition,
  WarehouseServiceHandlers,
} from './generated/shop/warehouse/v1/WarehouseService.js';

export type { LineItem as GrpcLineItem } from './generated/shop/common/v1/LineItem.js';
export type {
  CardReference as GrpcCardReference,
  CardReference__Output as GrpcCardReference__Output,
} from './generated/shop/payment/v1/CardReference.js';
export type {
  ValidatePaymentRequest,
  ValidatePaymentRequest__Output,
} from './generated/shop/payment/v1/ValidatePaymentRequest.js';
export type {
  ValidatePaymentResponse,
  ValidatePaymentResponse__Output,
} from './generated/shop/payment/v1/ValidatePaymentResponse.js';
export type {
  ChargeRequest,
  ChargeRequest__Output,
} from './generated/shop/payment/v1/ChargeRequest.js';
export type {
  ChargeResponse,
  ChargeResponse__Output,
} from './generated/shop/payment/v1/ChargeResponse.js';
export type {
  RefundRequest,
  RefundRequest__Output,
} from './generated/shop/payment/v1/RefundRequest.js';
export type {
  RefundResponse,
  RefundResponse__Output,
} from './generated/shop/payment/v1/RefundResponse.js';
export type {
  CheckStockRequest,
  CheckStockRequest__Output,
} from './generated/shop/inventory/v1/CheckStockRequest.js';
export type {
  CheckStockResponse,
  CheckStockResponse__Output,
} from './generated/shop/inventory/v1/CheckStockResponse.js';
export type {
  ReserveRequest,
  ReserveRequest__Output,
} from './generated/shop/inventory/v1/ReserveRequest.js';
export type {
  ReserveResponse,
  ReserveResponse__Output,
} from './generated/shop/inventory/v1/ReserveResponse.js';
export type {
  ReleaseRequest,
  ReleaseRequest__Output,
} from './generated/shop/inventory/v1/ReleaseRequest.js';
export type {
  ReleaseResponse,
  ReleaseResponse__Output,
} from './generated/shop/inventory/v1/ReleaseResponse.js';
export type {
  SendEmailRequest,
  SendEmailRequest__Output,
} from './generated/shop/notification/v1/SendEmailRequest.js';
export type {
  SendEmailResponse,
  SendEmailResponse__Output,
} from './generated/shop/notification/v1/SendEmailResponse.js';
export type {
  RecordOrderRequest,
  RecordOrderRequest__Output,
} from './generated/shop/analytics/v1/RecordOrderRequest.js';
export type {
  RecordOrderResponse,
  RecordOrderResponse__Output,
} from './generated/shop/analytics/v1/RecordOrderResponse.js';
export type {
  NotifyShipmentRequest,
  NotifyShipmentRequest__Output,
} from './generated/shop/warehouse/v1/NotifyShipmentRequest.js';
export type {
  NotifyShipmentResponse,
  NotifyShipmentResponse__Output,
} from './generated/shop/warehouse/v1/NotifyShipmentResponse.js';
