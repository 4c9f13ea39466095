import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it } from "vitest";
import { appRouter } from "./root";
import { MISSING_ID, setupRouterTest, silentLogger, TEST_IP } from "./testing";
import { transformer } from "./transformer";
import { createContext } from "./trpc";

const { testDb, alice, jobs, events, rateLimits } = await setupRouterTest();

/** Calls one procedure over HTTP, as a browser would, and returns the status and the decoded error. */
async function post(path: string, input: unknown) {
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    router: appRouter,
    req: new Request(`http://localhost/api/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(transformer.input.serialize(input)),
    }),
    createContext: () =>
      createContext({
        data: testDb.data,
        viewer: alice,
        jobs,
        events,
        appUrl: "http://trellis.test",
        ip: TEST_IP,
        rateLimits,
        log: silentLogger,
      }),
  });
  const envelope = (await response.json()) as { error: unknown };
  return { status: response.status, error: transformer.output.deserialize(envelope.error) };
}

describe("errors on the wire", () => {
  it("carry the zod field errors keyed by field, with status 400", async () => {
    const { status, error } = await post("account.updateProfile", { name: "" });
    expect(status).toBe(400);
    expect(error).toMatchObject({
      data: {
        code: "BAD_REQUEST",
        httpStatus: 400,
        path: "account.updateProfile",
        fieldErrors: { name: ["Name is required"] },
      },
    });
  });

  it("say the form's words for a field left out, not the validator's", async () => {
    const { status, error } = await post("apiToken.create", { scope: "read", expiresInDays: null });
    expect(status).toBe(400);
    expect(error).toMatchObject({ data: { code: "BAD_REQUEST", fieldErrors: { name: ["Name the token"] } } });
  });

  it("map NOT_FOUND to 404 and carry no field errors", async () => {
    const { status, error } = await post("apiToken.revoke", { id: MISSING_ID });
    expect(status).toBe(404);
    expect(error).toMatchObject({ data: { code: "NOT_FOUND", fieldErrors: null } });
  });
});
