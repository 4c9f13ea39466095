import type { SignInProvider } from "@trellis/auth/next";

import { buttonStyles } from "./button-styles";

/**
 * "Sign in with <provider>" for each provider switched on (docs/auth.md): plain links, rendered on
 * the server, to /api/auth/provider/<id> — no JavaScript of their own. Links, not forms: a form's
 * redirects are held to the CSP's `form-action`, and a sign-in leaves the site and comes back.
 */
export function ProviderSignInButtons({
  providers,
  callbackUrl,
}: {
  providers: SignInProvider[];
  callbackUrl: string;
}) {
  if (providers.length === 0) return null;
  return (
    <div className="mt-3 space-y-3">
      {providers.map((provider) => (
        <a
          key={provider.id}
          href={`/api/auth/provider/${provider.id}?callbackUrl=${encodeURIComponent(callbackUrl)}`}
          className={`${buttonStyles.secondary} w-full`}
        >
          Sign in with {provider.name}
        </a>
      ))}
    </div>
  );
}
