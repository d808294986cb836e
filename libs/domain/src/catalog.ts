import { hashString } from './random.js';

/** A product the shop sells. Stock is finite: a reservation can fail. */
export interface CatalogItem {
  readonly sku: string;
  readonly priceCents: number;
  readonly initialStock: number;
}

export interface CatalogOptions {
  /** Regular SKUs `SKU-0001` … ; each starts with `initialStock` units. */
  readonly size: number;
  readonly initialStock: number;
}

/** What every SKU of the catalog looks like: regular, sold out or limited. */
export const SKU_PATTERN = /^SKU-[A-Z0-9]{1,12}$/;

/** Always sold out: a request for it ends `out_of_stock`. */
export const SOLD_OUT_SKU = 'SKU-SOLDOUT';
/** Starts with a handful of units, so that stock runs out during a run. */
export const LIMITED_SKU = 'SKU-LIMITED';
export const LIMITED_STOCK = 25;

const PRICE_MIN_CENTS = 199;
const PRICE_SPREAD_CENTS = 9800;
/** The dearest product the catalog can hold. */
export const MAX_PRICE_CENTS = PRICE_MIN_CENTS + PRICE_SPREAD_CENTS - 1;

/** The currency the shop prices and charges in. */
export const SHOP_CURRENCY = 'EUR';
/** The currencies payment accepts: the shop's own. */
export const CURRENCIES: readonly string[] = [SHOP_CURRENCY];

export function regularSku(index: number): string {
  return `SKU-${String(index).padStart(4, '0')}`;
}

/** The shop's products: deterministic prices, so every variant charges the same. */
export function createCatalog(options: CatalogOptions): ReadonlyMap<string, CatalogItem> {
  const items: CatalogItem[] = [];
  for (let i = 1; i <= options.size; i++) {
    const sku = regularSku(i);
    items.push({ sku, priceCents: priceFor(sku), initialStock: options.initialStock });
  }
  items.push({ sku: SOLD_OUT_SKU, priceCents: priceFor(SOLD_OUT_SKU), initialStock: 0 });
  items.push({ sku: LIMITED_SKU, priceCents: priceFor(LIMITED_SKU), initialStock: LIMITED_STOCK });
  return new Map(items.map((item) => [item.sku, item]));
}

function priceFor(sku: string): number {
  return PRICE_MIN_CENTS + (hashString(sku) % PRICE_SPREAD_CENTS);
}

export interface LineItem {
  readonly sku: string;
  readonly quantity: number;
}

/** The order's total. Unknown SKUs are a validation problem, caught before this. */
export function orderTotalCents(
  catalog: ReadonlyMap<string, CatalogItem>,
  items: readonly LineItem[],
): number {
  return items.reduce((sum, item) => {
    const product = catalog.get(item.sku);
    if (!product) throw new RangeError(`unknown SKU "${item.sku}"`);
    return sum + product.priceCents * item.quantity;
  }, 0);
}

/**
 * The SKUs that cannot be served from `available` (units on hand per SKU).
 * Quantities of the same SKU on several lines are added up.
 */
export function findShortages(
  available: ReadonlyMap<string, number>,
  items: readonly LineItem[],
): string[] {
  const wanted = new Map<string, number>();
  for (const item of items) wanted.set(item.sku, (wanted.get(item.sku) ?? 0) + item.quantity);
  return [...wanted].filter(([sku, qty]) => (available.get(sku) ?? 0) < qty).map(([sku]) => sku);
}
