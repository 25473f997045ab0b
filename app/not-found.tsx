import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Not found" };

export default function NotFound() {
  return (
    <main className="narrow">
      <h1>Page not found</h1>
      <p>There is nothing here, or it is not yours to see.</p>
      <p>
        <Link href="/">Go to the home page</Link>
      </p>
    </main>
  );
}
