import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { describe, expect, it } from "vitest";

import { appRouter } from "./root";
import { setupRouterTest } from "./test-utils";
import { createContext } from "./trpc";

const { testDb, alice, mailer, events } = await setupRouterTest();

/** Calls one procedure over HTTP, as a browser would, and returns status and parsed body. */
async function post(path: string, input: unknown) {
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    router: appRouter,
    req: new Request(`http://localhost/api/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(superjson.serialize(input)),
    }),
    createContext: () =>
      createContext({ data: testDb.data, viewer: alice, mailer, events, appUrl: "http://trellis.test" }),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

describe("errors on the wire", () => {
  it("carry the zod field errors keyed by field, with status 400", async () => {
    const { status, body } = await post("post.create", { title: "", body: "ok" });
    expect(status).toBe(400);
    expect(body).toMatchObject({
      error: {
        json: {
          data: {
            code: "BAD_REQUEST",
            httpStatus: 400,
            path: "post.create",
            fieldErrors: { title: ["Title is required"] },
          },
        },
      },
    });
  });

  it("map NOT_FOUND to 404 and carry no field errors", async () => {
    const { status, body } = await post("post.delete", { id: "0190e0b4-5c1a-7cc1-9a8e-3f1e2d4c5b6a" });
    expect(status).toBe(404);
    expect(body).toMatchObject({ error: { json: { data: { code: "NOT_FOUND", fieldErrors: null } } } });
  });
});
