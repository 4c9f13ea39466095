import type { Viewer } from "@trellis/api";

/**
 * Whether to show edit and delete controls: the author or an admin. Only a
 * hint for the UI; the API decides (ownerProcedure in packages/api).
 */
export function canModerate(viewer: Viewer | null, authorId: string): boolean {
  return viewer !== null && (viewer.id === authorId || viewer.role === "admin");
}
