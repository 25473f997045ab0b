import Link from "next/link";
import { getCaller } from "@/lib/auth/sessions/current-user";
import { SignOutButton } from "@/app/signout/sign-out-button";
import { HeaderMenu } from "./header-menu";
import { NavLink } from "./nav-link";
import { SessionCheck } from "./session-check";

export async function SiteHeader() {
  const caller = await getCaller();
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        Keel
      </Link>
      <HeaderMenu>
        <nav aria-label="Main" className="site-nav">
          <NavLink href="/shipping">Shipping</NavLink>
          <NavLink href="/rates">Rates</NavLink>
          {caller ? <NavLink href="/orders">Orders</NavLink> : null}
          {caller?.user.role === "ADMIN" ? (
            <>
              <NavLink href="/admin/users">Users</NavLink>
              <NavLink href="/admin/orders">All orders</NavLink>
              <NavLink href="/admin/rates">Edit rates</NavLink>
              <NavLink href="/admin/jobs">Jobs</NavLink>
            </>
          ) : null}
        </nav>
        <div className="site-account">
          {caller ? (
            <>
              <NavLink href="/profile" testId="header-username">
                <span className="visually-hidden">Signed in as </span>
                {caller.user.username}
              </NavLink>
              <SignOutButton className="link-button" />
            </>
          ) : (
            <>
              <NavLink href="/signin">Sign in</NavLink>
              <NavLink href="/register">Register</NavLink>
            </>
          )}
        </div>
      </HeaderMenu>
      {caller ? <SessionCheck username={caller.user.username} /> : null}
    </header>
  );
}
