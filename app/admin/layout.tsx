import type { Metadata } from "next";

// Every administration page's title says where it is: "Users · Admin · Keel".
export const metadata: Metadata = { title: { template: "%s · Admin · Keel", default: "Admin · Keel" } };

export default function AdminLayout({ children }: { children: React.ReactNode }) {
  return children;
}
