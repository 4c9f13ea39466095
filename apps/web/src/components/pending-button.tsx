import type { ComponentProps } from "react";

import { SpinnerIcon } from "./icons";

type Props = Omit<ComponentProps<"button">, "type"> & {
  /** True while the action this button started is running. */
  pending: boolean;
  type?: "button" | "submit";
};

/** A button that shows a spinner, and takes no second click, while its action runs. */
export function PendingButton({ pending, disabled, type = "button", children, ...props }: Props) {
  return (
    <button
      {...props}
      type={type === "submit" ? "submit" : "button"}
      disabled={disabled || pending}
      aria-busy={pending}
    >
      {pending ? <SpinnerIcon width={16} height={16} /> : null}
      {children}
    </button>
  );
}
