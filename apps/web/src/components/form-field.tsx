"use client";

import { type ChangeEvent, useId } from "react";

import { cx } from "@/lib/cx";
import { submitOnModEnter } from "@/lib/submit-shortcut";
import { useHydrated } from "@/lib/use-hydrated";

interface Props {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  errors?: string[] | undefined;
  /** Shows "12 / 120" under the field; the schema, not the input, enforces the limit. */
  max?: number;
  multiline?: boolean;
  rows?: number;
  placeholder?: string;
  hideLabel?: boolean;
  type?: "text" | "email" | "password";
  autoComplete?: string;
  /** Which on-screen keyboard to offer ("numeric" for a code of digits). */
  inputMode?: "numeric" | "text";
}

const control =
  "block w-full rounded-lg border bg-surface px-3 py-2 text-[15px] text-ink placeholder:text-ink-subtle shadow-xs transition-colors focus-visible:outline-2 focus-visible:outline-offset-0";

/**
 * A labelled input or textarea whose messages are tied to it for screen readers (aria-describedby).
 * A textarea sends its form on Ctrl+Enter / Cmd+Enter (lib/submit-shortcut.ts).
 */
export function FormField({
  label,
  name,
  value,
  onChange,
  errors,
  max,
  multiline,
  rows = 4,
  placeholder,
  hideLabel,
  type = "text",
  autoComplete,
  inputMode,
}: Props) {
  const id = useId();
  // Read-only until React has hydrated: text typed before then would be wiped
  // when the controlled value takes over (and Playwright's fill waits for it).
  const hydrated = useHydrated();
  const errorId = `${id}-error`;
  const invalid = Boolean(errors?.length);
  const shared = {
    id,
    name,
    value,
    placeholder,
    autoComplete,
    inputMode,
    readOnly: !hydrated,
    "aria-invalid": invalid || undefined,
    "aria-describedby": invalid ? errorId : undefined,
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange(event.target.value),
    className: cx(
      control,
      invalid ? "border-danger focus-visible:outline-danger" : "border-line hover:border-line-strong",
    ),
  };

  return (
    <div className="space-y-1.5">
      <div className="flex items-baseline justify-between gap-3">
        <label htmlFor={id} className={cx("text-sm font-medium text-ink", hideLabel && "sr-only")}>
          {label}
        </label>
        {max ? (
          <span
            aria-hidden="true"
            className={cx("text-xs tabular-nums", value.length > max ? "text-danger" : "text-ink-subtle")}
          >
            {value.length} / {max.toLocaleString("en")}
          </span>
        ) : null}
      </div>
      {multiline ? (
        <textarea rows={rows} {...shared} onKeyDown={submitOnModEnter} className={cx(shared.className, "resize-y")} />
      ) : (
        <input type={type} {...shared} />
      )}
      {invalid ? (
        <p id={errorId} className="text-sm text-danger">
          {errors?.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
