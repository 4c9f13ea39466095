import { describe, expect, it } from "vitest";

import { atRequestedOrigin, requestedOrigin } from "./requested-origin";

/** Next.js's own URL for a route handler's request, whatever the browser addressed. */
const nextUrl = "http://localhost:3000/api/auth/callback/oidc?code=c&state=s";

describe("requestedOrigin", () => {
  it("is the Host the browser sent, not Next's listening address", () => {
    expect(requestedOrigin(new Headers({ host: "127.0.0.1:3000" }), nextUrl)).toBe("http://127.0.0.1:3000");
  });

  it("follows a proxy's forwarded host and protocol, the first of a list", () => {
    const headers = new Headers({
      host: "localhost:3000",
      "x-forwarded-host": "trellis.example, proxy.internal",
      "x-forwarded-proto": "https",
    });
    expect(requestedOrigin(headers, nextUrl)).toBe("https://trellis.example");
  });

  it("keeps the request's own origin without a host, or with one that is not a host", () => {
    expect(requestedOrigin(new Headers(), nextUrl)).toBe("http://localhost:3000");
    expect(requestedOrigin(new Headers({ host: "a b" }), nextUrl)).toBe("http://localhost:3000");
    expect(requestedOrigin(new Headers({ host: "trellis.example", "x-forwarded-proto": "javascript" }), nextUrl)).toBe(
      "http://localhost:3000",
    );
  });
});

describe("atRequestedOrigin", () => {
  it("moves the URL to that origin, path and query unchanged", () => {
    expect(atRequestedOrigin(new Headers({ host: "trellis.example", "x-forwarded-proto": "https" }), nextUrl)).toBe(
      "https://trellis.example/api/auth/callback/oidc?code=c&state=s",
    );
  });
});
