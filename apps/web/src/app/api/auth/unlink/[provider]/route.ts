import { isOAuthProvider } from "@trellis/auth/next";

import { seeOther, sessionViewer } from "@/server/provider-routes";

export const dynamic = "force-dynamic";

/**
 * Settings → "Disconnect <provider>": removes the signed-in user's link to it, unless it is their
 * last way to sign in (no password, no passkey, no other provider). Works for a provider since
 * switched off too, so a link never outlives the user's wish.
 */
export async function POST(_request: Request, { params }: { params: Promise<{ provider: string }> }) {
  const provider = (await params).provider;
  if (!isOAuthProvider(provider)) return new Response("No such sign-in provider\n", { status: 404 });
  const signedIn = await sessionViewer();
  if (!signedIn) return seeOther("/sign-in?callbackUrl=%2Fsettings");
  const outcome = await signedIn.data.accounts.unlinkOAuth({ userId: signedIn.viewer.id, provider });
  return seeOther(`/settings?connect=${outcome === "last" ? "last" : "unlinked"}`);
}
