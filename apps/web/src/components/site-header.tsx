import type { Viewer } from "@trellis/api";
import Link from "next/link";

import { Avatar } from "./avatar";
import { LogoMark } from "./icons";

export function SiteHeader({ viewer }: { viewer: Viewer | null }) {
  return (
    <header className="sticky top-0 z-10 border-b border-line bg-canvas/85 backdrop-blur supports-[backdrop-filter]:bg-canvas/70">
      <div className="mx-auto flex h-14 w-full max-w-2xl items-center justify-between gap-4 px-4">
        <Link href="/" className="flex items-center gap-2 rounded-md text-accent">
          <LogoMark />
          <span className="text-lg font-semibold tracking-tight text-ink">Trellis</span>
        </Link>
        {viewer ? (
          <div className="flex min-w-0 items-center gap-2.5">
            <p className="text-right text-sm leading-tight text-ink-muted">
              Signed in as <span className="font-medium text-ink">{viewer.name}</span>{" "}
              <span className="block text-xs text-ink-subtle sm:inline sm:text-sm">(demo user)</span>
            </p>
            <Avatar name={viewer.name} size="sm" highlight />
          </div>
        ) : (
          <p className="text-sm text-ink-muted">Browsing as a guest</p>
        )}
      </div>
    </header>
  );
}
