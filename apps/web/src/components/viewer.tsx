"use client";

import type { Viewer } from "@trellis/api";
import { createContext, type ReactNode, useContext } from "react";

const ViewerContext = createContext<Viewer | null>(null);

/** Who is using the app, resolved once on the server and shared with every client component. */
export function ViewerProvider({ viewer, children }: { viewer: Viewer | null; children: ReactNode }) {
  return <ViewerContext value={viewer}>{children}</ViewerContext>;
}

export function useViewer(): Viewer | null {
  return useContext(ViewerContext);
}
