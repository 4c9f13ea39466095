import { safeCallbackUrl } from "@/lib/callback-url";
import { getAuth } from "@/server/auth";
import { enabledProvider, seeOther } from "@/server/provider-routes";

export const dynamic = "force-dynamic";

/**
 * The sign-in page's "Sign in with <provider>" form: starts the provider's sign-in (state and PKCE
 * cookies set here) and sends the browser to it. Its callback (/api/auth/callback/<id>) follows the
 * linking rule (docs/auth.md).
 */
export async function POST(request: Request, { params }: { params: Promise<{ provider: string }> }) {
  const provider = enabledProvider((await params).provider);
  if (!provider) return new Response("No such sign-in provider\n", { status: 404 });
  const form = await request.formData().catch(() => null);
  const callbackUrl = safeCallbackUrl(form?.get("callbackUrl")?.toString());
  return seeOther(await getAuth().signInWith(provider.id, callbackUrl), request);
}
