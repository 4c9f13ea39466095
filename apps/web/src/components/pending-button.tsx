"use client";

import type { ComponentProps } from "react";

import { useHydrated } from "@/lib/use-hydrated";

import { SpinnerIcon } from "./icons";

type Props = Omit<ComponentProps<"button">, "type"> & {
  /** True while the action this button started is running. */
  pending: boolean;
  type?: "button" | "submit";
};

/**
 * A button that shows a spinner, and takes no second click, while its action
 * runs. It is also disabled until React has hydrated the page: a click before
 * that would submit the form natively (reloading the page) instead of running
 * its handler.
 */
export function PendingButton({ pending, disabled, type = "button", children, ...props }: Props) {
  const hydrated = useHydrated();
  return (
    <button
      {...props}
      type={type === "submit" ? "submit" : "button"}
      disabled={disabled || pending || !hydrated}
      aria-busy={pending}
    >
      {pending ? <SpinnerIcon width={16} height={16} /> : null}
      {children}
    </button>
  );
}
