import type { Metadata } from "next";

import { ApiReference } from "@/components/api-reference";

export const metadata: Metadata = { title: "API reference" };

export default function ApiReferencePage() {
  return (
    <div className="space-y-4">
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">API reference</h1>
        <p className="text-sm text-ink-muted">
          The REST API under <code>/api/v1</code>, generated from the same procedures the app calls. Send an API token
          as <code>Authorization: Bearer trl_…</code> (create one in{" "}
          <a href="/settings" className="underline">
            Settings
          </a>
          ), or try routes out here while signed in. The raw document is at{" "}
          <a href="/api/openapi.json" className="underline">
            /api/openapi.json
          </a>
          .
        </p>
      </header>
      <div className="overflow-hidden rounded-2xl bg-surface text-ink shadow-sm ring-1 ring-line">
        <ApiReference url="/api/openapi.json" />
      </div>
    </div>
  );
}
