export { AsyncCheckout, type AsyncCheckoutOptions } from './async-checkout.js';
export { outboxEvent, snapshotOf } from './events.js';
export { connectGatewayEvents, type GatewayEvents } from './gateway-events.js';
export { EventPublisher, publisherFor, type PublisherOptions } from './publisher.js';
export { setupStreams, startEventConsumer, type EventConsumerOptions } from './consumers.js';
export { inventorySaga, paymentSaga, type SagaContext } from './saga.js';
export {
  JOB_OF_SERVICE,
  backgroundQueue,
  enqueueOnConfirmed,
  isPoisonJob,
  readBackgroundJob,
  startBackgroundWorker,
  type BackgroundJob,
  type BackgroundWorkerOptions,
} from './background.js';
export { runAsyncService, type ServeHealth } from './service-host.js';
export {
  UnknownWebhookOrderError,
  applyWebhookEvent,
  type WebhookApplyContext,
} from './webhook-apply.js';
export {
  WebhookReceiver,
  type WebhookAnswer,
  type WebhookReceiverSettings,
} from './webhook-receiver.js';
export { connectWebhookReceiver, type WebhookWiring } from './connect-webhook.js';
