import { getAuth } from "@/server/auth";
import { enabledProvider, seeOther, sessionViewer } from "@/server/provider-routes";

export const dynamic = "force-dynamic";

/**
 * Settings → "Connect <provider>": the signed-in user asks to link a provider account (ADR 052).
 * Starts the provider's sign-in with a connect intent for this user; its callback links the account
 * (when the provider verified its email) and comes back to Settings.
 */
export async function GET(request: Request, { params }: { params: Promise<{ provider: string }> }) {
  // A link (see ../../provider/[provider]/route.ts), so only one followed from this site's own pages
  // counts: another site cannot start a connect for the signed-in user.
  if (request.headers.get("sec-fetch-site") !== "same-origin") return seeOther("/settings");
  const provider = enabledProvider((await params).provider);
  if (!provider) return new Response("No such sign-in provider\n", { status: 404 });
  const signedIn = await sessionViewer();
  if (!signedIn) return seeOther("/sign-in?callbackUrl=%2Fsettings");
  const user = await signedIn.data.users.byId(signedIn.viewer.id);
  if (!user) return seeOther("/sign-in?callbackUrl=%2Fsettings");
  return seeOther(await getAuth().connect(provider.id, user));
}
