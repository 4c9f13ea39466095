import { safeCallbackUrl } from "@/lib/callback-url";
import { getAuth } from "@/server/auth";
import { enabledProvider, seeOther } from "@/server/provider-routes";

export const dynamic = "force-dynamic";

/**
 * The sign-in page's "Sign in with <provider>" link: starts the provider's sign-in (state and PKCE
 * cookies set here) and sends the browser to it. Its callback (/api/auth/callback/<id>) follows the
 * linking rule (docs/auth.md). A link, not a form: the browser holds a form's redirects to the page's
 * CSP `form-action`, and a sign-in's chain leaves the site and comes back.
 */
export async function GET(request: Request, { params }: { params: Promise<{ provider: string }> }) {
  const provider = enabledProvider((await params).provider);
  if (!provider) return new Response("No such sign-in provider\n", { status: 404 });
  const callbackUrl = safeCallbackUrl(new URL(request.url).searchParams.get("callbackUrl") ?? undefined);
  return seeOther(await getAuth().signInWith(provider.id, callbackUrl));
}
