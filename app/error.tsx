"use client";

/** Whatever a page could not handle (a bug, or the database being away): say so and offer a retry. */
export default function PageError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="narrow">
      <h1>Something went wrong</h1>
      <p>This page could not be shown. It may work if you try again in a moment.</p>
      <button type="button" className="button" onClick={reset}>
        Try again
      </button>
    </main>
  );
}
