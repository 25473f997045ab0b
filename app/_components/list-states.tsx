/**
 * The loading and failed states shared by the lists that load on the client (orders, admin users).
 * Skeleton rows keep the list's height while it loads, so nothing shifts when the data arrives.
 */

const SKELETON_ROWS = 3;

export function SkeletonRows({ count = SKELETON_ROWS }: { count?: number }) {
  return Array.from({ length: count }, (_, index) => (
    <li key={`skeleton-${index}`} className="row skeleton-row" aria-hidden="true">
      <span className="skeleton" />
    </li>
  ));
}

/** A list that is loading for the first time: skeleton rows, announced as busy. */
export function LoadingList({ label }: { label: string }) {
  return (
    <ol className="rows" aria-busy="true" aria-label={label}>
      <SkeletonRows />
    </ol>
  );
}

/** A list that could not be loaded at all: what failed, why, and a way to try again. */
export function LoadFailed({ what, error, onRetry, testId }: { what: string; error: Error; onRetry: () => void; testId: string }) {
  return (
    <div className="empty" role="alert" data-testid={testId}>
      <p>
        {what} could not be loaded. {error.message}
      </p>
      <button type="button" className="button secondary" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}

/** "Load more" for a paged list: disabled, and saying so, while the next page loads. */
export function LoadMoreButton({ label, loading, onClick }: { label: string; loading: boolean; onClick: () => void }) {
  return (
    <button type="button" className="button secondary load-more" disabled={loading} aria-disabled={loading} onClick={onClick}>
      {loading ? "Loading…" : label}
    </button>
  );
}
