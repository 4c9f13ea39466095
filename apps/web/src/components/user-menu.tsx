"use client";

import type { Viewer } from "@trellis/api";
import Link from "next/link";
import { useState } from "react";

import { Avatar } from "./avatar";
import { buttonStyles } from "./button-styles";
import { PendingButton } from "./pending-button";

/**
 * The sign-in client (Auth.js's browser half), fetched when the menu opens rather than with the page:
 * every page's header loads this menu, and a reader who never signs out would download it for nothing.
 */
const loadAuthClient = () => import("@trellis/auth/client");

/**
 * Who is signed in, with their links. A native <details> disclosure: it opens
 * with keyboard and touch, and works before JavaScript has loaded.
 */
export function UserMenu({ viewer }: { viewer: Viewer }) {
  const [signingOut, setSigningOut] = useState(false);
  const [signOutFailed, setSignOutFailed] = useState(false);

  async function signOut() {
    setSigningOut(true);
    setSignOutFailed(false);
    try {
      const { signOutHere } = await loadAuthClient();
      await signOutHere();
    } catch {
      // The client didn't download (offline, or a deploy replaced it) or the request failed: Auth.js's
      // own sign-out page still works without it, so go there; the message stays if even that can't load.
      setSigningOut(false);
      setSignOutFailed(true);
      window.location.assign("/api/auth/signout");
      return;
    }
    window.location.assign("/");
  }

  return (
    // Opening the menu starts the download, so the click rarely waits for it.
    <details
      className="group relative"
      onToggle={(event) => event.currentTarget.open && void loadAuthClient().catch(() => {})}
    >
      <summary className="flex cursor-pointer list-none items-center gap-2.5 rounded-lg px-1.5 py-1 hover:bg-surface-muted [&::-webkit-details-marker]:hidden">
        <span className="text-right text-sm leading-tight">
          <span className="sr-only">Signed in as </span>
          <span className="font-medium text-ink">{viewer.name}</span>
          {viewer.role === "admin" ? <span className="block text-xs text-ink-subtle">admin</span> : null}
        </span>
        <Avatar name={viewer.name} size="sm" highlight />
      </summary>
      <div className="absolute right-0 mt-2 w-48 rounded-xl border border-line bg-surface p-1.5 shadow-lg">
        <nav aria-label="Account" className="flex flex-col">
          <Link href="/settings" className={`${buttonStyles.ghost} justify-start`}>
            Settings
          </Link>
          {viewer.role === "admin" ? (
            <Link href="/admin" className={`${buttonStyles.ghost} justify-start`}>
              Admin
            </Link>
          ) : null}
          <PendingButton
            onClick={() => void signOut()}
            pending={signingOut}
            className={`${buttonStyles.ghost} justify-start`}
          >
            Sign out
          </PendingButton>
          {signOutFailed ? (
            <p role="alert" className="px-3 py-1.5 text-sm text-danger">
              Couldn’t sign out here. Opening the sign-out page…
            </p>
          ) : null}
        </nav>
      </div>
    </details>
  );
}
