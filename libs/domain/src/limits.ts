import { MAX_PRICE_CENTS } from './catalog.js';

/**
 * Limits on what the shop accepts, at the edge and at every service behind
 * it; the edge also limits the body's size in bytes.
 */
export const REQUEST_LIMITS = {
  maxItems: 50,
  maxQuantity: 100,
  maxCustomerIdLength: 64,
  maxEmailLength: 254,
  maxIdempotencyKeyLength: 128,
  /** Order, request, reservation and charge ids: an order id and a suffix fit. */
  maxIdLength: 160,
  /** Why a refund or a release was asked for. */
  maxReasonLength: 200,
} as const;

/** The largest order there can be: every line at the most units of the dearest product. */
export const MAX_ORDER_CENTS =
  REQUEST_LIMITS.maxItems * REQUEST_LIMITS.maxQuantity * MAX_PRICE_CENTS;

/** The most units one order can hold. */
export const MAX_ORDER_UNITS = REQUEST_LIMITS.maxItems * REQUEST_LIMITS.maxQuantity;

/** Customer and order ids, request and reservation ids. */
export const ID_PATTERN = /^[A-Za-z0-9._:-]+$/;
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** An `Idempotency-Key`: printable ASCII. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]+$/;
/** Free text carried along (a reason): printable, no control characters. */
export const TEXT_PATTERN = /^[^\p{Cc}]+$/u;
export const CARD_NUMBER_PATTERN = /^\d{12,19}$/;
export const EXPIRY_PATTERN = /^(0[1-9]|1[0-2])\/\d{2}$/;
export const CVC_PATTERN = /^\d{3,4}$/;
export const LAST4_PATTERN = /^\d{4}$/;
