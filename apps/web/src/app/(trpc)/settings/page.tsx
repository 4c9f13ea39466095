import { connectOutcomeMessage } from "@trellis/auth/next";
import type { Metadata } from "next";

import { ApiTokens } from "@/components/api-tokens";
import { Passkeys } from "@/components/passkeys";
import { ChangePasswordForm, ProfileForm, SignOutEverywhere } from "@/components/settings-forms";
import { SignInMethods } from "@/components/sign-in-methods";
import { TwoFactorSettings } from "@/components/two-factor-settings";
import { getAuth } from "@/server/auth";
import { getDatabase } from "@/server/db";
import { requireViewer } from "@/server/viewer";
import { getQueryClient, trpc } from "@/trpc/server";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ searchParams }: PageProps<"/settings">) {
  const viewer = await requireViewer("/settings");
  const account = await getQueryClient().fetchQuery(trpc.account.profile.queryOptions());
  const { providers } = getAuth();
  const linked = (await (await getDatabase()).data.accounts.oauthAccounts(viewer.id)).map(({ provider }) => ({
    id: provider,
    name: providers.find((enabled) => enabled.id === provider)?.name ?? provider,
  }));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-ink sm:text-3xl">Settings</h1>
        <p className="mt-1 text-ink-muted">Signed in as {account.email}.</p>
      </div>
      <ProfileForm name={viewer.name} />
      <ChangePasswordForm email={account.email} />
      <TwoFactorSettings />
      <Passkeys />
      <SignInMethods
        linked={linked}
        available={providers}
        outcome={connectOutcomeMessage((await searchParams).connect)}
      />
      <ApiTokens />
      <SignOutEverywhere />
    </div>
  );
}
