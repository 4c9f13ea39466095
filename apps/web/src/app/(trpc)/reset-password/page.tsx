import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";

import { AuthCard } from "@/components/auth-card";
import { buttonStyles } from "@/components/button-styles";
import { ResetPasswordForm } from "@/components/password-reset-forms";
import { getQueryClient, trpc } from "@/trpc/server";

export const metadata: Metadata = { title: "Choose a new password" };

/**
 * The link is checked as the page renders, so a spent, expired or made-up one
 * says so at once instead of after a new password was typed. The check spends
 * nothing: the form still redeems the token, and may still be told it is gone.
 */
export default async function ResetPasswordPage({ searchParams }: PageProps<"/reset-password">) {
  const { token } = await searchParams;
  const link = typeof token === "string" && token !== "" ? await checkLink(token) : { valid: false as const };
  if (!link.valid) return <UnusableLink />;
  return (
    <AuthCard title="Choose a new password" subtitle="Every device signed in to your account will be signed out.">
      <ResetPasswordForm token={link.token} />
    </AuthCard>
  );
}

type LinkCheck = { valid: true; token: string } | { valid: false };

async function checkLink(token: string): Promise<LinkCheck> {
  try {
    const { valid } = await getQueryClient().fetchQuery(trpc.account.checkPasswordReset.queryOptions({ token }));
    return valid ? { valid, token } : { valid };
  } catch (error) {
    // Too many checks from this address (a shared one, say) says nothing about this link: show the form
    // unchecked. Redeeming the token has its own limit and still refuses a spent or made-up one.
    if (error instanceof TRPCError && error.code === "TOO_MANY_REQUESTS") return { valid: true, token };
    // A link too long to be ours: invalid, said here rather than on the error page.
    if (error instanceof TRPCError && error.code === "BAD_REQUEST") return { valid: false };
    throw error;
  }
}

function UnusableLink() {
  return (
    <AuthCard title="This link is invalid or has expired" subtitle="A reset link works once, for 30 minutes.">
      <div className="space-y-4">
        <p className="text-sm text-ink">Ask for a new one: we will email it to you if the address has an account.</p>
        <Link href="/forgot-password" className={`${buttonStyles.primary} w-full`}>
          Ask for a new link
        </Link>
      </div>
    </AuthCard>
  );
}
