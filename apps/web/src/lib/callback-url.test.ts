import { describe, expect, it } from "vitest";

import { safeCallbackUrl } from "./callback-url";

describe("safeCallbackUrl", () => {
  it("keeps a path on this site", () => {
    expect(safeCallbackUrl("/settings?tab=password")).toBe("/settings?tab=password");
    expect(safeCallbackUrl(["/admin", "/other"])).toBe("/admin");
  });

  it("refuses anything that could leave the site", () => {
    for (const bad of ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "", null]) {
      expect(safeCallbackUrl(bad)).toBe("/");
    }
  });
});
