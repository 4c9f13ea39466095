import { type RefObject, useEffect, useLayoutEffect, useRef } from "react";

/** How to find the focused control again in markup rebuilt from the same data: a link by its address, a button by its words. */
export type FocusKey = { href: string } | { button: string };

function keyOf(element: Element): FocusKey | null {
  const href = element instanceof HTMLAnchorElement ? element.getAttribute("href") : null;
  if (href) return { href };
  if (element instanceof HTMLButtonElement && element.textContent) return { button: element.textContent };
  return null;
}

function find(root: Element, key: FocusKey): HTMLElement | null {
  if ("href" in key) return root.querySelector<HTMLElement>(`a[href="${CSS.escape(key.href)}"]`);
  return [...root.querySelectorAll<HTMLElement>("button")].find((button) => button.textContent === key.button) ?? null;
}

/**
 * Remembers which control has focus inside the element `within` finds, so
 * that when React replaces that markup with new markup for the same posts
 * (the feed handing over to its live version), `useRestoreFocus` can put focus
 * back on the same post's link instead of dropping it on <body>.
 */
export function useRememberFocus(within: () => Element | null): RefObject<FocusKey | null> {
  const remembered = useRef<FocusKey | null>(null);
  useEffect(() => {
    function onFocusIn(event: FocusEvent) {
      const root = within();
      remembered.current =
        root && event.target instanceof Element && root.contains(event.target) ? keyOf(event.target) : null;
    }
    document.addEventListener("focusin", onFocusIn);
    return () => document.removeEventListener("focusin", onFocusIn);
  }, [within]);
  return remembered;
}

/** Run in the commit that inserts the new markup: focus fell to <body> when the old markup went. */
export function useRestoreFocus(remembered: RefObject<FocusKey | null>, within: () => Element | null): void {
  useLayoutEffect(() => {
    const key = remembered.current;
    const root = within();
    const focusWasDropped = document.activeElement === null || document.activeElement === document.body;
    if (key && root && focusWasDropped) find(root, key)?.focus({ preventScroll: true });
  }, [remembered, within]);
}
