export { connectHybrid, type HybridWiring } from './connect-hybrid.js';
export { HybridCheckout, type HybridCheckoutOptions } from './hybrid-checkout.js';
