import { oauthRefusalMessage } from "@trellis/auth/next";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";

import { AuthCard } from "@/components/auth-card";
import { PasskeySignInButton } from "@/components/passkey-sign-in-button";
import { ProviderSignInButtons } from "@/components/provider-sign-in-buttons";
import { SignInForm } from "@/components/sign-in-form";
import { safeCallbackUrl } from "@/lib/callback-url";
import { noticeFor } from "@/lib/notices";
import { getAuth } from "@/server/auth";
import { getViewer } from "@/trpc/server";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: PageProps<"/sign-in">) {
  const query = await searchParams;
  const callbackUrl = safeCallbackUrl(query.callbackUrl);
  const notice = noticeFor(query.notice);
  // A provider's sign-in refused by the linking rule or two-factor (docs/auth.md): the flag names the message.
  const refusal = oauthRefusalMessage(query.error);
  if (await getViewer()) redirect(callbackUrl);
  const signUpHref = callbackUrl === "/" ? "/sign-up" : `/sign-up?callbackUrl=${encodeURIComponent(callbackUrl)}`;
  return (
    <AuthCard
      title="Sign in"
      subtitle={
        <>
          New here?{" "}
          <Link href={signUpHref} className="font-medium text-accent underline-offset-4 hover:underline">
            Create an account
          </Link>
        </>
      }
    >
      {notice ? (
        <p role="status" className="mb-4 rounded-lg bg-accent-soft px-3 py-2 text-sm text-ink">
          {notice}
        </p>
      ) : null}
      {refusal ? (
        <p role="alert" className="mb-4 rounded-lg bg-danger-soft px-3 py-2 text-sm text-ink">
          {refusal}
        </p>
      ) : null}
      <SignInForm
        callbackUrl={callbackUrl}
        alternatives={
          <>
            <p className="my-4 flex items-center gap-3 text-xs uppercase tracking-wide text-ink-subtle before:h-px before:flex-1 before:bg-line after:h-px after:flex-1 after:bg-line">
              or
            </p>
            <PasskeySignInButton callbackUrl={callbackUrl} />
            <ProviderSignInButtons providers={getAuth().providers} callbackUrl={callbackUrl} />
          </>
        }
      />
    </AuthCard>
  );
}
