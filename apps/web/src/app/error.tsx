"use client";

import { useEffect } from "react";

import { ErrorPanel } from "@/components/error-panel";

export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <ErrorPanel
      headingLevel={1}
      title="Something went wrong"
      message="This page couldn’t be loaded. It may be a temporary problem."
      onRetry={retry}
    />
  );
}
