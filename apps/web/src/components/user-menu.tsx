"use client";

import type { Viewer } from "@trellis/api";
import dynamic from "next/dynamic";
import { Suspense } from "react";

import { UserMenuFace, userMenuTriggerClass } from "./user-menu-face";

/**
 * The menu's code (Radix's dropdown, the links, signing out) is a chunk of its own: the header is on
 * every page, the signed-out feed's included, and only a signed-in viewer sees the menu, so a reader
 * never downloads it (ADR 041). For a signed-in viewer the server renders the menu and the page
 * preloads its chunk, as any component's.
 */
const UserMenuDropdown = dynamic(() => import("./user-menu-dropdown").then((module) => module.UserMenuDropdown));

/** Who is signed in, with their links. */
export function UserMenu({ viewer }: { viewer: Viewer }) {
  return (
    // Shown only while the chunk arrives after a client-side navigation (signing in): the trigger's look,
    // so the header does not jump.
    <Suspense
      fallback={
        <button type="button" aria-disabled="true" className={userMenuTriggerClass}>
          <UserMenuFace viewer={viewer} />
        </button>
      }
    >
      <UserMenuDropdown viewer={viewer} />
    </Suspense>
  );
}
