"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import type { Viewer } from "@trellis/api";
import Link from "next/link";
import { useState } from "react";

import { SpinnerIcon } from "./icons";
import { UserMenuFace, userMenuTriggerClass } from "./user-menu-face";

/**
 * The sign-in client (Auth.js's browser half), fetched when the menu opens rather than with the page:
 * a viewer who never signs out would download it for nothing.
 */
const loadAuthClient = () => import("@trellis/auth/client");

const itemClass =
  "flex cursor-pointer items-center gap-2 rounded-lg px-2.5 py-1.5 text-sm font-medium text-ink-muted outline-none select-none data-[highlighted]:bg-surface-muted data-[highlighted]:text-ink data-[disabled]:cursor-not-allowed data-[disabled]:opacity-60";

/**
 * The account menu, on Radix's dropdown: it opens with click, Enter, Space or the arrow keys, moves
 * with the arrows, and closes on Escape (focus back on the trigger), a click outside or a choice.
 */
export function UserMenuDropdown({ viewer }: { viewer: Viewer }) {
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
    <DropdownMenu.Root onOpenChange={(open) => open && void loadAuthClient().catch(() => {})}>
      <DropdownMenu.Trigger className={userMenuTriggerClass}>
        <UserMenuFace viewer={viewer} />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={8}
          className="z-20 flex w-48 flex-col rounded-xl border border-line bg-surface p-1.5 shadow-lg"
        >
          <DropdownMenu.Item asChild className={itemClass}>
            <Link href="/settings">Settings</Link>
          </DropdownMenu.Item>
          {viewer.role === "admin" ? (
            <DropdownMenu.Item asChild className={itemClass}>
              <Link href="/admin">Admin</Link>
            </DropdownMenu.Item>
          ) : null}
          <DropdownMenu.Item
            className={itemClass}
            disabled={signingOut}
            // The menu stays open while signing out, so its spinner is seen.
            onSelect={(event) => {
              event.preventDefault();
              void signOut();
            }}
          >
            {signingOut ? <SpinnerIcon width={16} height={16} /> : null}
            Sign out
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
      {/* Outside the menu: role="menu" may hold only items, and an alert inside it breaks that contract.
          The page navigates to the sign-out page at once, so the message is announced rather than shown. */}
      {signOutFailed ? (
        <p role="alert" className="sr-only">
          Couldn’t sign out here. Opening the sign-out page…
        </p>
      ) : null}
    </DropdownMenu.Root>
  );
}
