import type { SignInProvider } from "@trellis/auth/next";

import { buttonStyles } from "./button-styles";

/**
 * "Sign in with <provider>" for each provider switched on (docs/auth.md): plain forms, rendered on
 * the server, that POST to /api/auth/provider/<id> — no JavaScript of their own.
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
        <form key={provider.id} method="post" action={`/api/auth/provider/${provider.id}`}>
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <button type="submit" className={`${buttonStyles.secondary} w-full`}>
            Sign in with {provider.name}
          </button>
        </form>
      ))}
    </div>
  );
}
