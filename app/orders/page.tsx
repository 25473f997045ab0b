import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import Link from "next/link";
import { requireCaller } from "@/lib/auth/sessions/current-user";
import { listOrders } from "@/lib/orders/orders";
import { COUNTRY_NAMES } from "@/app/_components/countries";
import { OrderList } from "./order-list";
import { ORDERS_PAGE_SIZE, type OrderPage, ordersQueryKey } from "./orders-query";

export const metadata: Metadata = { title: "Your orders" };

export default async function OrdersPage() {
  const caller = await requireCaller("/orders");
  const firstPage: OrderPage = await listOrders(caller.user, { limit: ORDERS_PAGE_SIZE });
  // The first page is rendered here and handed to the client list's cache, newer than anything it
  // held, so an order placed a moment ago is in it; later pages come from the API.
  const queryClient = new QueryClient();
  queryClient.setQueryData(ordersQueryKey(caller.user.id), { pages: [firstPage], pageParams: [null] });
  return (
    <main>
      <div className="page-heading">
        <h1>Your orders</h1>
        <Link className="button secondary" href="/shipping">
          New order
        </Link>
      </div>
      <HydrationBoundary state={dehydrate(queryClient)}>
        <OrderList userId={caller.user.id} countryNames={COUNTRY_NAMES} />
      </HydrationBoundary>
    </main>
  );
}
