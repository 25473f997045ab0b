"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** A header link that tells assistive technology (and the eye) which section is open. */
export function NavLink({ href, children, testId }: { href: string; children: React.ReactNode; testId?: string }) {
  const pathname = usePathname();
  const current = pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link href={href} aria-current={current ? "page" : undefined} data-testid={testId}>
      {children}
    </Link>
  );
}
