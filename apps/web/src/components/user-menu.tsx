"use client";

import type { Viewer } from "@trellis/api";
import Link from "next/link";
import { useState } from "react";

import { Avatar } from "./avatar";
import { buttonStyles } from "./button-styles";
import { PendingButton } from "./pending-button";

/**
 * Who is signed in, with their links. A native <details> disclosure: it opens
 * with keyboard and touch, and works before JavaScript has loaded.
 */
export function UserMenu({ viewer }: { viewer: Viewer }) {
  const [signingOut, setSigningOut] = useState(false);

  async function signOut() {
    setSigningOut(true);
    // The sign-in client (Auth.js's browser half) is fetched on the click: every page's header
    // loads this menu, and a reader who never signs out would download it for nothing.
    const { signOutHere } = await import("@trellis/auth/client");
    await signOutHere();
    window.location.assign("/");
  }

  return (
    <details className="group relative">
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
        </nav>
      </div>
    </details>
  );
}
