/** The order list's query, shared by the server page (which fills it) and the client list (which pages it). */
import type { OrderDto } from "@/lib/orders/dto";
import type { Page } from "@/lib/pagination";

export type OrderPage = Page<OrderDto>;

export const ORDERS_PAGE_SIZE = 10;

export const ordersQueryKey = (userId: number) => ["orders", userId] as const;
