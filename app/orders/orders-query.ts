/** The order list's query, shared by the server page (which fills it) and the client list (which pages it). */
import type { OrderDto } from "@/lib/orders/dto";

export interface OrderPage {
  items: OrderDto[];
  nextCursor: string | null;
}

export const ORDERS_PAGE_SIZE = 10;

export const ordersQueryKey = (userId: number) => ["orders", userId] as const;
