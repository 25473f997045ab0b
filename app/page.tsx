import Link from "next/link";
import { getCaller } from "@/lib/auth/current-user";

export default async function HomePage({ searchParams }: PageProps<"/">) {
  const [caller, params] = await Promise.all([getCaller(), searchParams]);
  return (
    <main>
      <h1>Keel</h1>
      {params.deleted === "1" && !caller ? (
        <p className="form-message ok" role="status" data-testid="account-deleted">
          Your account and its orders were deleted.
        </p>
      ) : null}
      <p className="lead">
        Quote a shipment by weight and destination, place orders priced by the server, and earn a loyalty
        discount. One account works in this web app and in the mobile apps.
      </p>
      <div className="actions">
        {caller ? (
          <>
            <Link className="button" href="/shipping">
              Get a quote
            </Link>
            <Link className="button secondary" href="/orders">
              Your orders
            </Link>
            <Link className="button secondary" href="/rates">
              Shipping rates
            </Link>
          </>
        ) : (
          <>
            <Link className="button" href="/register">
              Create an account
            </Link>
            <Link className="button secondary" href="/signin">
              Sign in
            </Link>
            <Link className="button secondary" href="/shipping">
              Get a quote
            </Link>
            <Link className="button secondary" href="/rates">
              Shipping rates
            </Link>
          </>
        )}
      </div>
    </main>
  );
}
