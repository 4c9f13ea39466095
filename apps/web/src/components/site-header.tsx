import type { Viewer } from "@trellis/api";
import Link from "next/link";

import { buttonStyles } from "./button-styles";
import { LogoMark } from "./icons";
import { UserMenu } from "./user-menu";

export function SiteHeader({ viewer }: { viewer: Viewer | null }) {
  return (
    // Opaque: a see-through, blurred header showed the buttons scrolling under it as smudges behind its own.
    // bg-canvas is the page's colour in light and dark alike (globals.css), so it still reads as the page.
    <header className="sticky top-0 z-10 border-b border-line bg-canvas">
      <div className="mx-auto flex h-14 w-full max-w-2xl items-center justify-between gap-4 px-4">
        <Link href="/" className="flex items-center gap-2 rounded-md text-accent">
          <LogoMark />
          <span className="text-lg font-semibold tracking-tight text-ink">Trellis</span>
        </Link>
        <div className="flex items-center gap-1">
          <Link href="/docs/api" className={buttonStyles.ghost}>
            API
          </Link>
          {viewer ? (
            <UserMenu viewer={viewer} />
          ) : (
            <nav aria-label="Account" className="flex items-center gap-1">
              <Link href="/sign-in" className={buttonStyles.ghost}>
                Sign in
              </Link>
              <Link href="/sign-up" className={buttonStyles.primary}>
                Sign up
              </Link>
            </nav>
          )}
        </div>
      </div>
    </header>
  );
}
