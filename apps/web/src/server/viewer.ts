import "server-only";

import type { Viewer } from "@trellis/api";
import { notFound, redirect } from "next/navigation";

import { signInHref } from "@/lib/callback-url";
import { getViewer } from "@/trpc/server";

/** For pages only signed-in people see: anyone else goes to sign in, and comes back after. */
export async function requireViewer(returnTo: string): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect(signInHref(returnTo));
  return viewer;
}

/** For admin pages: sign in first; a signed-in non-admin sees "not found", like the API's answer. */
export async function requireAdmin(returnTo: string): Promise<Viewer> {
  const viewer = await requireViewer(returnTo);
  if (viewer.role !== "admin") notFound();
  return viewer;
}
