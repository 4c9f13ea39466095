"use client";

import { type TRPCSubscriptionStatus, useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useState } from "react";

// An errored subscription is over for good (the server refused it, or answered
// 502 and EventSource gave up), unlike a dropped connection, which EventSource
// retries by itself. So the page asks again, unhurried.
const RETRY_AFTER_ERROR_MS = 5_000;

type SubscriptionOptions<TOutput, TError> = Parameters<typeof useSubscription<TOutput, TError>>[0];

/** `useSubscription` that does not stay down after an error. */
export function useLiveSubscription<TOutput, TError>(options: SubscriptionOptions<TOutput, TError>) {
  const subscription = useSubscription(options);
  const { status, reset } = subscription;
  useEffect(() => {
    if (status !== "error") return;
    const timer = setTimeout(reset, RETRY_AFTER_ERROR_MS);
    return () => clearTimeout(timer);
  }, [status, reset]);
  return subscription;
}

export type LiveState = "connecting" | "live" | "reconnecting";

/**
 * One state for all of a page's subscriptions: live only while every one is
 * connected ('pending' is tRPC's word for connected and waiting for data).
 * A page that was live and lost one is reconnecting, not connecting, so the
 * reader knows updates may be late.
 */
export function useLive(...statuses: TRPCSubscriptionStatus[]): LiveState {
  const live = statuses.every((status) => status === "pending");
  const [wasLive, setWasLive] = useState(false);
  // Remembered during render (React's "state from the previous render" pattern),
  // so the first drop already reads "Reconnecting…", with no effect lagging behind.
  if (live && !wasLive) setWasLive(true);

  if (live) return "live";
  return wasLive || statuses.includes("error") ? "reconnecting" : "connecting";
}
