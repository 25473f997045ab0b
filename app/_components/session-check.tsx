"use client";

import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

/**
 * The header is part of the root layout, which client-side navigations do not render again, so it
 * would go on showing a user whose session was revoked elsewhere (signed out on every device, a
 * password change, an administrator deleting the account). After each navigation of a signed-in
 * page, ask the session endpoint who this is and re-render the layout when the answer differs.
 */
export function SessionCheck({ username }: { username: string }) {
  const pathname = usePathname();
  const router = useRouter();
  const rendered = useRef(pathname);

  useEffect(() => {
    // The server rendered the header for this page a moment ago.
    if (rendered.current === pathname) return;
    rendered.current = pathname;
    const controller = new AbortController();
    fetch("/api/auth/session", { signal: controller.signal, cache: "no-store" })
      .then((response) => (response.ok ? response.json() : null))
      .then((session: { user?: { name?: string | null } } | null) => {
        if (session && session.user?.name !== username) router.refresh();
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, [pathname, username, router]);

  return null;
}
