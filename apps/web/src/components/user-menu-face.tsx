import type { Viewer } from "@trellis/api";

import { Avatar } from "./avatar";

export const userMenuTriggerClass =
  "flex items-center gap-2.5 rounded-lg px-1.5 py-1 hover:bg-surface-muted data-[state=open]:bg-surface-muted";

/** The menu's trigger face: the viewer's name (for screen readers "Signed in as …"), role and avatar. */
export function UserMenuFace({ viewer }: { viewer: Viewer }) {
  return (
    <>
      <span className="text-right text-sm leading-tight">
        <span className="sr-only">Signed in as </span>
        <span className="font-medium text-ink">{viewer.name}</span>
        {viewer.role === "admin" ? <span className="block text-xs text-ink-subtle">admin</span> : null}
      </span>
      <Avatar name={viewer.name} size="sm" highlight />
    </>
  );
}
