export { createRng, hashString, normal, rngFor, type Rng } from './random.js';
export {
  ALL_STEPS,
  BACKGROUND_STEPS,
  CHECKOUT_STEPS,
  COMPENSATION_STEPS,
  CRITICAL_STEPS,
  EFFECT_NAMES,
  SERVICE_NAMES,
  seedTotalMs,
  stepDefinition,
  type CheckoutStepName,
  type CompensationStepName,
  type EffectName,
  type ServiceName,
  type StepDefinition,
  type StepName,
} from './steps.js';
export {
  PROFILES,
  PROFILE_NAMES,
  createLatencyModel,
  isProfileName,
  type LatencyAdjustment,
  type LatencyModel,
  type LatencyModelOptions,
  type LatencyProfile,
  type ProfileName,
  type StepDistribution,
} from './latency.js';
export {
  CardDeclinedError,
  DeadlineExceededError,
  DependencyUnavailableError,
  DomainError,
  FAILURE_CODES,
  InternalError,
  InvalidPaymentError,
  OutOfStockError,
  SaturatedError,
  ValidationError,
  errorForCode,
  type FailureCode,
  type FieldIssue,
} from './errors.js';
export {
  LIMITED_SKU,
  LIMITED_STOCK,
  SOLD_OUT_SKU,
  createCatalog,
  findShortages,
  orderTotalCents,
  regularSku,
  type CatalogItem,
  type CatalogOptions,
  type LineItem,
} from './catalog.js';
export {
  TEST_CARDS,
  cardBrand,
  decideCharge,
  luhnValid,
  validateCard,
  type Card,
  type ChargeDecision,
  type ChargeDecisionInput,
} from './card.js';
export {
  REQUEST_LIMITS,
  parseCheckoutRequest,
  parseIdempotencyKey,
  type CheckoutRequest,
} from './checkout-request.js';
export {
  CONFIRMED_ORDER_EFFECTS,
  TERMINAL_STATUSES,
  VARIANTS,
  canTransition,
  isTerminal,
  type OrderStatus,
  type OrderView,
  type Variant,
} from './order.js';
export { compensationsFor, type EffectCounts } from './compensation.js';
