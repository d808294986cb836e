export { HybridCheckout, type HybridCheckoutOptions } from './hybrid-checkout.js';
