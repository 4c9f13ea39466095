import type { ReactNode } from "react";

/** The frame of the sign-in, sign-up and password pages: one narrow card, centred. */
export function AuthCard({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  return (
    <div className="mx-auto max-w-sm space-y-6 pt-2 sm:pt-6">
      <div className="text-center">
        <h1 className="text-2xl font-semibold tracking-tight text-ink">{title}</h1>
        {subtitle ? <p className="mt-1.5 text-sm text-ink-muted">{subtitle}</p> : null}
      </div>
      <div className="rounded-2xl border border-line bg-surface p-5 shadow-xs sm:p-6">{children}</div>
    </div>
  );
}
