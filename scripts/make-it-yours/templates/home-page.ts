/**
 * The home page `pnpm demo:remove` writes where the feed was
 * (apps/web/src/app/page.tsx): a welcome, and the way to what stays —
 * settings, tokens, the admin's pages, the API reference.
 */
export const HOME_PAGE_PATH = "apps/web/src/app/page.tsx";

export const HOME_PAGE = `import Link from "next/link";

import { buttonStyles } from "@/components/button-styles";
import { SignInPrompt } from "@/components/sign-in-prompt";
import { getViewer } from "@/trpc/server";

export const dynamic = "force-dynamic";

/** The home page: who is signed in, and where to go from here. Your app's own pages start here. */
export default async function HomePage() {
  const viewer = await getViewer();

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-ink sm:text-3xl">
          {viewer ? \`Welcome, \${viewer.name}\` : "Welcome"}
        </h1>
        <p className="mt-1 text-ink-muted">Accounts, API tokens and background jobs are ready; the rest is yours.</p>
      </div>
      {viewer ? (
        <nav aria-label="Where to go" className="flex flex-wrap gap-2">
          <Link href="/settings" className={buttonStyles.secondary}>
            Settings and API tokens
          </Link>
          {viewer.role === "admin" ? (
            <Link href="/admin" className={buttonStyles.secondary}>
              Admin
            </Link>
          ) : null}
          <Link href="/docs/api" className={buttonStyles.ghost}>
            API reference
          </Link>
        </nav>
      ) : (
        <SignInPrompt action="get started" />
      )}
    </div>
  );
}
`;
