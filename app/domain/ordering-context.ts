/**
 * What the order page is given (app/server/orders.server.ts orderingContext declares it; app/ui/order reads it), written
 * out here so the page's code takes its data type from the domain and not off a server function's return type.
 * Plain data: it travels to the browser as JSON.
 */
import type { WindowState } from './cycle';
import type { CartonLine } from './order-list';
import type { OrderStatus } from './order-answers';

/** A spec of the catalogue with this shop's cap for the cycle (null: no cap). Flags are 0 or 1. */
export interface CatalogueSpec {
  id: number;
  code: string;
  name: string;
  brand: string;
  priceClass: number;
  packBarcode: string;
  cartonBarcode: string;
  wholesalePriceFenPerCarton: number;
  retailPriceFenPerCarton: number;
  isScarce: number;
  isNew: number;
  isOrderable: number;
  isDiscontinued: number;
  capCartons: number | null;
}

export interface OrderingShop {
  id: number;
  name: string;
  licenceNo: string;
  grade: number;
  orderWeekday: number;
  depositBalanceFen: number;
  active: number;
  isOnline: number;
}

export interface OrderingCycle {
  id: number;
  code: string;
  status: 'planned' | 'open' | 'closed' | 'allocated' | 'published' | 'delivered';
  state: WindowState;
  mayOrder: boolean;
  opensAt: string;
  /** Days as YYYY-MM-DD (Asia/Shanghai), instants as UTC ISO strings. */
  orderDay: string;
  cutoffAt: string;
  deliveryDay: string;
}

export interface OrderingOrder {
  id: number;
  status: OrderStatus;
  submittedAt: string | null;
  onBehalf: number;
  totalCartons: number;
  totalAmountFen: number;
  failureReason: string | null;
  shortfallFen: number;
}

export interface OrderEventLine {
  at: string;
  kind: 'submitted' | 'changed' | 'cancelled';
  onBehalf: number;
  displayName: string;
  totalCartons: number;
}

/** The order page's data for a shop with a cycle to order in. */
export interface OrderingContext {
  retailer: OrderingShop;
  cycle: OrderingCycle;
  catalogue: CatalogueSpec[];
  order: OrderingOrder | null;
  /** The cart as the page starts it: the saved cart, else the submitted lines (never a cancelled order's). */
  cart: CartonLine[];
  submittedLines: Array<{ specId: number; qtyRequestedCartons: number; qtyAllocatedCartons: number | null }>;
  hasUnsubmittedChanges: boolean;
  lastOrder: { code: string; lines: CartonLine[] } | null;
  /** Specs the shop ordered in its last eight weeks, the most often ordered first. */
  previouslyOrdered: number[];
  events: OrderEventLine[];
  /** The order's version, which a change kept on the phone is made against (null: no order yet). */
  version: string | null;
  /** The server's time when the page was made (UTC ISO). */
  now: string;
}

/** What orderingContext answers for a shop in scope: its page's data, or only the shop when no cycle is being ordered. */
export type OrderingContextResult = OrderingContext | { retailer: OrderingShop; cycle: null };
