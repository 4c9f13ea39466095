"use client";

import { Component, type ReactNode } from "react";

/**
 * Shows `fallback` instead of `children` once they throw, for a part of a page
 * that has a readable stand-in: the error stays here instead of replacing the
 * whole page with app/error.tsx. Give it a new `key` to try the children again.
 */
export class FallbackOnError extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}
