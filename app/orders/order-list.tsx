"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { api } from "@/app/_components/api";
import { formatMoney, formatWeight } from "@/app/_components/format";
import { LoadFailed, LoadingList, LoadMoreButton, SkeletonRows } from "@/app/_components/list-states";
import { ORDERS_PAGE_SIZE, type OrderPage, ordersQueryKey } from "./orders-query";
import { STATUS_LABELS } from "./status-labels";
import { LocalTime } from "@/app/_components/local-time";

export function OrderList({ userId, countryNames }: { userId: number; countryNames: Readonly<Record<string, string>> }) {
  const query = useInfiniteQuery({
    queryKey: ordersQueryKey(userId),
    queryFn: ({ pageParam, signal }) =>
      api<OrderPage>(`/api/v1/orders?limit=${ORDERS_PAGE_SIZE}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const list = useRef<HTMLOListElement>(null);
  const focusFrom = useRef<number | null>(null);
  const orders = query.data?.pages.flatMap((page) => page.items) ?? [];

  // After "Load more", move focus to the first new order, since the button may be gone.
  useEffect(() => {
    if (focusFrom.current === null || query.isFetchingNextPage) return;
    list.current?.querySelectorAll<HTMLAnchorElement>("li > a")[focusFrom.current]?.focus();
    focusFrom.current = null;
  }, [orders.length, query.isFetchingNextPage]);

  if (query.isPending) return <LoadingList label="Loading orders" />;
  if (query.isError && orders.length === 0) {
    return <LoadFailed what="Your orders" error={query.error} onRetry={() => query.refetch()} testId="orders-error" />;
  }
  if (orders.length === 0) {
    return (
      <div className="empty" data-testid="orders-empty">
        <p>You have no orders yet.</p>
        <Link href="/shipping">Get a quote and place your first order</Link>
      </div>
    );
  }
  return (
    <>
      <ol ref={list} className="rows" aria-label="Orders, newest first" aria-busy={query.isFetchingNextPage} data-testid="order-list">
        {orders.map((order) => (
          <li key={order.id} className="row">
            <Link href={`/orders/${order.id}`} className="row-link" data-testid="order-row">
              <span className="row-title">
                Order #{order.id}
                {order.reference ? <span className="muted"> · {order.reference}</span> : null}
              </span>
              <span className="row-meta">
                {countryNames[order.destination] ?? order.destination} · {formatWeight(order.weightKg)} · <LocalTime iso={order.createdAt} />
              </span>
              <span className="row-amount">
                {formatMoney(order.totalCents, order.currency)}{" "}
                <span className="status-badge" data-testid="order-row-status">
                  {STATUS_LABELS[order.status]}
                </span>
              </span>
            </Link>
          </li>
        ))}
        {query.isFetchingNextPage ? <SkeletonRows /> : null}
      </ol>
      {query.isFetchNextPageError ? (
        <p className="form-message error" role="alert" data-testid="orders-more-error">
          Loading more orders failed. {query.error?.message}
        </p>
      ) : null}
      {query.hasNextPage ? (
        <LoadMoreButton
          label="Load more orders"
          loading={query.isFetchingNextPage}
          onClick={() => {
            focusFrom.current = orders.length;
            void query.fetchNextPage();
          }}
        />
      ) : (
        <p className="muted" data-testid="orders-end">
          {orders.length === 1 ? "That is your only order." : `All ${orders.length} orders are shown.`}
        </p>
      )}
    </>
  );
}
