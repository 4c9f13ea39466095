import "./globals.css";

import type { Metadata, Viewport } from "next";

import { SiteHeader } from "@/components/site-header";
import { ViewerProvider } from "@/components/viewer";
import { getViewer } from "@/trpc/server";

// Every page reads the database at request time; nothing is prerendered at build.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Trellis", template: "%s · Trellis" },
  description: "A type-safe full-stack starter: posts, comments and likes, typed end to end.",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f6f6f3" },
    { media: "(prefers-color-scheme: dark)", color: "#121311" },
  ],
};

export default async function RootLayout({ children }: LayoutProps<"/">) {
  const viewer = await getViewer();
  return (
    <html lang="en">
      <body className="min-h-dvh">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-lg focus:bg-surface focus:px-4 focus:py-2 focus:text-sm focus:font-medium focus:shadow-lg"
        >
          Skip to content
        </a>
        {/* No tRPC client here: the layouts of the pages that call procedures bring it (TRPCClientLayout). */}
        <ViewerProvider viewer={viewer}>
          <SiteHeader viewer={viewer} />
          <main id="main" className="mx-auto w-full max-w-2xl px-4 pt-6 pb-16 sm:pt-10">
            {children}
          </main>
        </ViewerProvider>
      </body>
    </html>
  );
}
