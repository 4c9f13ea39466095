import { describe, expect, it } from "vitest";

import { safeCallbackUrl } from "./callback-url";

describe("safeCallbackUrl", () => {
  it("keeps a path on this site, with its query and hash", () => {
    expect(safeCallbackUrl("/settings?tab=password")).toBe("/settings?tab=password");
    expect(safeCallbackUrl("/posts/42?from=feed#comments")).toBe("/posts/42?from=feed#comments");
    expect(safeCallbackUrl(["/admin", "/other"])).toBe("/admin");
    expect(safeCallbackUrl("/")).toBe("/");
  });

  it("hands back the parsed path: normalised, percent-encoded, no control characters", () => {
    expect(safeCallbackUrl("/a/../settings")).toBe("/settings");
    expect(safeCallbackUrl("/caf\u00e9?q=a b")).toBe("/caf%C3%A9?q=a%20b");
    // An encoded slash stays encoded: a path segment on this site, never a host.
    expect(safeCallbackUrl("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
    expect(safeCallbackUrl("/\nevil")).toBe("/evil");
  });

  it("refuses anything a browser would follow off the site", () => {
    const offSite = [
      "https://evil.example",
      "http://evil.example/x",
      "//evil.example",
      "///evil.example",
      "/\t/evil.example",
      "/\t/evil.example/x",
      "/\n/evil",
      "/\r\n/evil",
      "\t//evil.example",
      " //evil.example",
      "\\\\evil.example",
      "\\/evil.example",
      "/\\evil.example",
      "/.//evil.example",
      "https:evil.example",
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      "java\tscript:alert(1)",
      " javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox",
      "",
      null,
      undefined,
    ];
    for (const bad of offSite) expect(safeCallbackUrl(bad), JSON.stringify(bad)).toBe("/");
  });

  it("the path a browser receives after decoding the query string, as the pages get it", () => {
    // /sign-in?callbackUrl=/%09/evil.example/x: Next hands the page the decoded value.
    const decoded = new URLSearchParams("callbackUrl=/%09/evil.example/x").get("callbackUrl");
    expect(safeCallbackUrl(decoded)).toBe("/");
  });
});
