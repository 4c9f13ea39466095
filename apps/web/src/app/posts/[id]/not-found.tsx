import Link from "next/link";

import { buttonStyles } from "@/components/button-styles";

export default function PostNotFound() {
  return (
    <div className="rounded-2xl border border-line bg-surface px-6 py-14 text-center shadow-xs">
      <p className="text-sm font-semibold text-accent">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-ink">Post not found</h1>
      <p className="mx-auto mt-2 max-w-sm text-ink-muted">This post doesn’t exist, or its author deleted it.</p>
      <Link href="/" className={`${buttonStyles.primary} mt-8`}>
        Back to the feed
      </Link>
    </div>
  );
}
