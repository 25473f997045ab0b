import Link from "next/link";
import { getCaller } from "@/lib/auth/current-user";

export async function SiteHeader() {
  const caller = await getCaller();
  return (
    <header className="site-header">
      <nav aria-label="Main" className="site-nav">
        <Link href="/" className="brand">
          Keel
        </Link>
        {caller ? (
          <>
            <Link href="/shipping">Shipping</Link>
            <Link href="/orders">Orders</Link>
            {caller.user.role === "ADMIN" ? <Link href="/admin/users">Users</Link> : null}
          </>
        ) : null}
      </nav>
      <div className="site-account">
        {caller ? (
          <>
            <Link href="/profile" data-testid="header-username">
              {caller.user.username}
            </Link>
            <Link href="/signout">Sign out</Link>
          </>
        ) : (
          <>
            <Link href="/signin">Sign in</Link>
            <Link href="/register">Register</Link>
          </>
        )}
      </div>
    </header>
  );
}
