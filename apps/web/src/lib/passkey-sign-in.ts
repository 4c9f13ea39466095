/**
 * A passkey sign-in, start to finish (ADR 047): options from the server, the
 * browser's ceremony, Auth.js's "passkey" provider. The sign-in page imports
 * this module only when its button is pressed, so neither @simplewebauthn/browser
 * nor a tRPC client weighs on the page before (the sign-in page has no tRPC
 * provider: its password form needs none).
 */
import { startAuthentication } from "@simplewebauthn/browser";
import type { AppRouter } from "@trellis/api";
import { transformer } from "@trellis/api/transformer";
import { attemptPasskeySignIn, type SignInAttempt } from "@trellis/auth/client";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";

/** How it went: a sign-in attempt's outcome, or the browser's ceremony did not finish (cancelled, no passkey). */
export type PasskeySignIn = SignInAttempt | { status: "cancelled" };

export async function signInWithPasskey(): Promise<PasskeySignIn> {
  // The same link as the live feed's client (trpc/react.tsx): its code is in a chunk the feed loads anyway,
  // and another link would add its own to that shared chunk, weighing on every reader of the feed.
  const client = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: "/api/trpc", transformer })] });
  let optionsJSON: Awaited<ReturnType<typeof client.passkey.signInOptions.mutate>>;
  try {
    optionsJSON = await client.passkey.signInOptions.mutate();
  } catch (error) {
    if (error instanceof TRPCClientError && error.data?.code === "TOO_MANY_REQUESTS") {
      return { status: "rate-limited", retryAfterSeconds: null };
    }
    throw error;
  }
  let response: Awaited<ReturnType<typeof startAuthentication>>;
  try {
    response = await startAuthentication({ optionsJSON });
  } catch {
    return { status: "cancelled" };
  }
  return attemptPasskeySignIn(response);
}
