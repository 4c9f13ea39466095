import { describe, expect, it } from "vitest";

import { redirectWithinSite, sameOriginPath } from "./same-origin";

const origin = "https://app.example";

describe("sameOriginPath", () => {
  it("keeps relative paths and absolute URLs on the origin, as path, query and hash", () => {
    expect(sameOriginPath("/posts/1?x=1#c", origin)).toBe("/posts/1?x=1#c");
    expect(sameOriginPath("https://app.example/settings?tab=a", origin)).toBe("/settings?tab=a");
  });

  it("refuses other origins, including the same host on another scheme or port", () => {
    for (const bad of ["http://app.example/", "https://app.example:8443/", "https://app.example.evil/", "//evil"]) {
      expect(sameOriginPath(bad, origin), bad).toBeNull();
    }
  });
});

describe("redirectWithinSite (Auth.js callbacks.redirect)", () => {
  const redirect = (url: string) => redirectWithinSite({ url, baseUrl: origin });

  it("follows a callbackUrl on this site", () => {
    expect(redirect("/posts/1?x=1#c")).toBe("https://app.example/posts/1?x=1#c");
    expect(redirect("https://app.example/sign-in?error=CredentialsSignin")).toBe(
      "https://app.example/sign-in?error=CredentialsSignin",
    );
  });

  it("sends anything else home, and never puts a control character in the Location", () => {
    for (const bad of ["https://evil.example", "/\t/evil.example/x", "/\\evil", "javascript:alert(1)", "not a url"]) {
      const target = redirect(bad);
      expect(new URL(target).origin, bad).toBe(origin);
    }
    expect(redirect("/\t/evil.example/x")).toBe("https://app.example/");
    expect(redirect("/\nevil")).toBe("https://app.example/evil");
  });
});
