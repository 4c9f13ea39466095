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
  if (!link.valid) return <UnusableLink refusal={link.refusal} />;
  return (
    <AuthCard title="Choose a new password" subtitle="Every device signed in to your account will be signed out.">
      <ResetPasswordForm token={link.token} />
    </AuthCard>
  );
}

type LinkCheck = { valid: true; token: string } | { valid: false; refusal?: string };

async function checkLink(token: string): Promise<LinkCheck> {
  try {
    const { valid } = await getQueryClient().fetchQuery(trpc.account.checkPasswordReset.queryOptions({ token }));
    return valid ? { valid, token } : { valid };
  } catch (error) {
    // Too many checks, or a link too long to be ours: say so here rather than on the error page.
    if (error instanceof TRPCError && (error.code === "TOO_MANY_REQUESTS" || error.code === "BAD_REQUEST")) {
      return { valid: false, refusal: error.code === "TOO_MANY_REQUESTS" ? error.message : undefined };
    }
    throw error;
  }
}

function UnusableLink({ refusal }: { refusal?: string }) {
  return (
    <AuthCard
      title={refusal ? "Choose a new password" : "This link is invalid or has expired"}
      subtitle="A reset link works once, for 30 minutes."
    >
      <div className="space-y-4">
        <p className="text-sm text-ink">
          {refusal ?? "Ask for a new one: we will email it to you if the address has an account."}
        </p>
        <Link href="/forgot-password" className={`${buttonStyles.primary} w-full`}>
          Ask for a new link
        </Link>
      </div>
    </AuthCard>
  );
}
