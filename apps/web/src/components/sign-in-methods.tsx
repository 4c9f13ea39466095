import type { SignInProvider } from "@trellis/auth/next";

import { buttonStyles } from "./button-styles";

/** A provider the user is linked to; `name` is its label, or its id for one since switched off. */
export interface LinkedProvider {
  id: string;
  name: string;
}

/**
 * Settings → "Sign-in methods": the providers this user signs in through, each with "Disconnect",
 * and "Connect <provider>" for each other one switched on (docs/auth.md). Server-rendered forms that
 * a link to /api/auth/connect/<id> (it leaves the site: see provider-sign-in-buttons.tsx) and a form
 * POSTing to /api/auth/unlink/<id>: no JavaScript of their own.
 */
export function SignInMethods({
  linked,
  available,
  outcome,
}: {
  linked: LinkedProvider[];
  available: SignInProvider[];
  /** What the last connect or disconnect did, if the page was sent here by one. */
  outcome: string | null;
}) {
  if (linked.length === 0 && available.length === 0) return null;
  const linkedIds = new Set(linked.map((provider) => provider.id));
  return (
    <section
      aria-labelledby="sign-in-methods"
      className="rounded-2xl border border-line bg-surface p-5 shadow-xs sm:p-6"
    >
      <h2 id="sign-in-methods" className="text-base font-semibold text-ink">
        Sign-in methods
      </h2>
      <p className="mt-1 text-sm text-ink-muted">
        Sign in with another account too. Connecting needs an email the provider has verified; your last way to sign in
        cannot be disconnected.
      </p>
      {outcome ? (
        <p role="status" className="mt-4 rounded-lg bg-accent-soft px-3 py-2 text-sm text-ink">
          {outcome}
        </p>
      ) : null}
      <ul className="mt-5 space-y-3">
        {linked.map((provider) => (
          <li key={provider.id} className="flex items-center justify-between gap-3">
            <span className="text-sm text-ink">{provider.name}: connected</span>
            <form method="post" action={`/api/auth/unlink/${provider.id}`}>
              <button type="submit" className={buttonStyles.dangerGhost}>
                Disconnect {provider.name}
              </button>
            </form>
          </li>
        ))}
        {available
          .filter((provider) => !linkedIds.has(provider.id))
          .map((provider) => (
            <li key={provider.id} className="flex items-center justify-between gap-3">
              <span className="text-sm text-ink-muted">{provider.name}: not connected</span>
              <a href={`/api/auth/connect/${provider.id}`} className={buttonStyles.secondary}>
                Connect {provider.name}
              </a>
            </li>
          ))}
      </ul>
    </section>
  );
}
