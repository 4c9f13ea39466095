import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";

import { listProcedures } from "./procedures";
import { appRouter } from "./root";
import { setupRouterTest } from "./testing";
import type { Access } from "./trpc";

/**
 * The authorization walk. It lists every procedure from `appRouter` itself,
 * so a new procedure cannot be forgotten: one without an access kind fails
 * here, and every kind is called the way it must refuse.
 */
const { as, alice, callerFor } = await setupRouterTest();

const kinds: readonly Access[] = ["public", "user", "session", "owner", "admin"];

function accessOf(meta: unknown): Access | undefined {
  const access: unknown = meta && typeof meta === "object" ? Reflect.get(meta, "access") : undefined;
  return kinds.find((kind) => kind === access);
}

const procedures = listProcedures(appRouter).map(({ path, type, meta }) => ({ path, type, access: accessOf(meta) }));
const withAccess = (access: Access) => procedures.filter((p) => p.access === access).map((p) => p.path);

/** Calls a procedure by its dotted path, the way an HTTP client names it. */
async function call(caller: ReturnType<typeof callerFor>, path: string, input: unknown): Promise<unknown> {
  let target: unknown = caller;
  for (const key of path.split(".")) {
    target = typeof target === "function" || typeof target === "object" ? Reflect.get(target ?? {}, key) : undefined;
  }
  if (typeof target !== "function") throw new Error(`No procedure at ${path}`);
  return target(input);
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "OK",
    (error: unknown) => (error instanceof TRPCError ? error.code : `not a TRPCError: ${String(error)}`),
  );

// Alice's things, and for each owner-scoped procedure an input that names one.
const post = await as.alice.post.create({ title: "Alice's", body: "…" });
const comment = await as.alice.comment.create({ postId: post.id, body: "Alice's comment" });
const ownerInputs: Record<string, unknown> = {
  "post.update": { id: post.id, title: "Taken over", body: "…" },
  "post.delete": { id: post.id },
  "comment.update": { id: comment.id, body: "Taken over" },
  "comment.delete": { id: comment.id },
  // Each owned resource's inputs go here (docs/adding-a-resource.md; pnpm gen resource --owned).
};

describe("the authorization walk", () => {
  it("finds every procedure classified as public, user, session, owner or admin", () => {
    expect(procedures.length).toBeGreaterThan(10);
    expect(procedures.filter((p) => !p.access).map((p) => p.path)).toEqual([]);
  });

  it.each(procedures.filter((p) => p.access !== "public"))(
    "$path ($access) refuses an anonymous caller with UNAUTHORIZED",
    async ({ path }) => {
      expect(await codeOf(call(as.anonymous, path, ownerInputs[path] ?? {}))).toBe("UNAUTHORIZED");
    },
  );

  it.each(procedures.filter((p) => p.type === "mutation"))(
    "$path (a mutation) refuses a read-only API token with FORBIDDEN",
    async ({ path }) => {
      const readToken = callerFor({ ...alice, via: "read-token" });
      expect(await codeOf(call(readToken, path, ownerInputs[path] ?? {}))).toBe("FORBIDDEN");
    },
  );

  it.each(withAccess("session"))("%s refuses an API token, even a read-write one, with FORBIDDEN", async (path) => {
    const readWriteToken = callerFor({ ...alice, via: "read-write-token" });
    expect(await codeOf(call(readWriteToken, path, {}))).toBe("FORBIDDEN");
  });

  it("keeps account management session-only", () => {
    expect(withAccess("session")).toEqual(
      expect.arrayContaining([
        "account.changePassword",
        "account.signOutEverywhere",
        "apiToken.list",
        "apiToken.create",
        "apiToken.revoke",
      ]),
    );
  });

  it.each(withAccess("admin"))("%s refuses a signed-in non-admin with FORBIDDEN", async (path) => {
    expect(await codeOf(call(as.bob, path, {}))).toBe("FORBIDDEN");
  });

  it.each(withAccess("owner"))(
    "%s refuses someone else's thing with NOT_FOUND, as if it did not exist",
    async (path) => {
      expect(
        path in ownerInputs,
        `add an input naming Alice's thing for ${path} to ownerInputs in access.test.ts`,
      ).toBe(true);
      expect(await codeOf(call(as.bob, path, ownerInputs[path]))).toBe("NOT_FOUND");
    },
  );

  it("leaves Alice's things to her after everyone else's attempts", async () => {
    expect(await as.alice.post.byId({ id: post.id })).toMatchObject({ title: "Alice's", author: { id: alice.id } });
    const { items } = await as.alice.comment.list({ postId: post.id });
    expect(items).toEqual([expect.objectContaining({ id: comment.id, body: "Alice's comment" })]);
  });
});
