"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

import { signInHref } from "@/lib/callback-url";

import { buttonStyles } from "./button-styles";

/** Where a signed-out visitor would find a form: a way to sign in and come straight back. */
export function SignInPrompt({ action }: { action: string }) {
  const pathname = usePathname();
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 rounded-2xl border border-dashed border-line-strong bg-surface/60 px-5 py-4">
      <p className="text-sm text-ink-muted">Sign in to {action}.</p>
      <div className="flex gap-2">
        <Link href={signInHref(pathname)} className={buttonStyles.secondary}>
          Sign in
        </Link>
        <Link href="/sign-up" className={buttonStyles.primary}>
          Create an account
        </Link>
      </div>
    </div>
  );
}
