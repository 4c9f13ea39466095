import { API_TOKEN_PREFIX } from "@trellis/auth";
import { describe, expect, it } from "vitest";

import { setupRouterTest } from "../testing";

const { as, alice, callerFor } = await setupRouterTest();

/** Alice, as a request carrying one of her API tokens rather than her session cookie. */
const aliceVia = (via: "read-token" | "read-write-token") => callerFor({ ...alice, via });

describe("API tokens", () => {
  it("are created from a session, shown once, and listed by prefix only", async () => {
    const { token, secret } = await as.alice.apiToken.create({ name: "Laptop", scope: "read", expiresInDays: 30 });
    expect(secret).toMatch(new RegExp(`^${API_TOKEN_PREFIX}[\\w-]{43}$`));
    expect(token).toMatchObject({ name: "Laptop", scope: "read", prefix: secret.slice(0, 10) });
    expect(token.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);

    const listed = await as.alice.apiToken.list();
    expect(listed.map((t) => t.id)).toContain(token.id);
    expect(JSON.stringify(listed)).not.toContain(secret.slice(10));
    expect(await as.bob.apiToken.list()).toEqual([]);
  });

  it("cannot be managed with a token, only from a browser session", async () => {
    await expect(aliceVia("read-write-token").apiToken.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      aliceVia("read-write-token").apiToken.create({ name: "More", scope: "read-write", expiresInDays: null }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("are revoked by their owner only", async () => {
    const { token } = await as.alice.apiToken.create({ name: "Old", scope: "read-write", expiresInDays: null });
    await expect(as.bob.apiToken.revoke({ id: token.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(as.alice.apiToken.revoke({ id: token.id })).resolves.toEqual({ id: token.id });
    expect((await as.alice.apiToken.list()).map((t) => t.id)).not.toContain(token.id);
  });
});

describe("what a token may do", () => {
  it("a read token reads but cannot write: FORBIDDEN", async () => {
    await expect(aliceVia("read-token").account.profile()).resolves.toMatchObject({ id: alice.id });
    await expect(aliceVia("read-token").account.updateProfile({ name: "Nope" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await as.alice.account.profile()).toMatchObject({ name: "Alice" });
  });

  it("a read-write token writes as its user", async () => {
    await expect(aliceVia("read-write-token").account.updateProfile({ name: "Alice, via token" })).resolves.toEqual({
      id: alice.id,
      name: "Alice, via token",
    });
    expect(await as.alice.account.profile()).toMatchObject({ name: "Alice, via token" });
  });

  it("a refused credential fails even a public query: UNAUTHORIZED, not anonymous", async () => {
    const refused = callerFor(null, "This API token is unknown, revoked or expired");
    await expect(refused.account.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
