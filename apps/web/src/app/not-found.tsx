import Link from "next/link";

import { buttonStyles } from "@/components/button-styles";

export const metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <div className="rounded-2xl border border-line bg-surface px-6 py-14 text-center shadow-xs">
      <p className="text-sm font-semibold text-accent">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-ink">Page not found</h1>
      <p className="mx-auto mt-2 max-w-sm text-ink-muted">
        The page you’re looking for doesn’t exist, or it was deleted.
      </p>
      <Link href="/" className={`${buttonStyles.primary} mt-8`}>
        Back to the feed
      </Link>
    </div>
  );
}
