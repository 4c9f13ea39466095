"use client";

import { useEffect, useRef, useState } from "react";

import { buttonStyles } from "./button-styles";

type Outcome = "idle" | "copied" | "refused";

/** How long "Copied" stays before the button reads "Copy" again. */
const COPIED_FOR_MS = 2500;

/**
 * Copies `text` to the clipboard, and says whether it did: the button's label turns to "Copied", and a
 * polite status line says it to screen readers too. A browser may refuse (no permission, an insecure
 * origin, an old browser); then the line says to copy by hand, which always works.
 */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [outcome, setOutcome] = useState<Outcome>("idle");
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  async function copy() {
    clearTimeout(timer.current);
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      setOutcome("refused");
      return;
    }
    setOutcome("copied");
    timer.current = setTimeout(() => setOutcome("idle"), COPIED_FOR_MS);
  }

  return (
    <>
      <button type="button" onClick={() => void copy()} className={buttonStyles.secondary}>
        {outcome === "copied" ? "Copied" : label}
      </button>
      {/* aria-live rather than role="status": the new token's panel is the status region it sits in. */}
      <p aria-live="polite" className={outcome === "refused" ? "text-sm text-danger" : "text-sm text-ink-muted"}>
        {outcome === "copied" ? "Copied to the clipboard." : null}
        {outcome === "refused" ? "Couldn’t copy: select the token and copy it by hand." : null}
      </p>
    </>
  );
}
