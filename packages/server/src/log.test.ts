import { appRouter, type ContextOptions, createCaller, createContext, type Viewer } from "@trellis/api";
import { wasLogged } from "@trellis/api/logger";
import { MISSING_ID, setupRouterTest, TEST_IP } from "@trellis/api/testing";
import { transformer } from "@trellis/api/transformer";
import type { DataLayer } from "@trellis/db";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it } from "vitest";

import { createLogger } from "./log";

const router = await setupRouterTest();
const { testDb, alice } = router;

/** A logger whose lines land in `lines`, parsed: what a log collector would receive. */
function captureLog() {
  const lines: Record<string, unknown>[] = [];
  const text: string[] = [];
  const log = createLogger({
    level: "info",
    destination: {
      write(line: string) {
        text.push(line);
        lines.push(JSON.parse(line));
      },
    },
  });
  return { log, lines, text: () => text.join("") };
}

/** The context an HTTP adapter would build, with the request id and a capturing logger. */
function contextFor(
  viewer: Viewer | null,
  log: ReturnType<typeof captureLog>["log"],
  extra: Partial<ContextOptions> = {},
) {
  return createContext({
    data: testDb.data,
    viewer,
    jobs: router.jobs,
    events: router.events,
    appUrl: "http://trellis.test",
    ip: TEST_IP,
    rateLimits: router.rateLimits,
    requestId: "req-test-1",
    log,
    ...extra,
  });
}

/** A data layer whose user lookup fails as a bug would: with SQL, a file path and a query's values in the message. */
const brokenData: DataLayer = {
  ...testDb.data,
  users: {
    ...testDb.data.users,
    byId: async () => {
      throw new Error(
        'Failed query: select * from "users" where "email" = ?\nparams: alice@example.com\n  at /srv/trellis/data.ts:42',
      );
    },
  },
};

describe("procedure log lines", () => {
  it("one per call: request id, path, type, user, duration and outcome — never the input", async () => {
    const { log, lines, text } = captureLog();
    const caller = createCaller(contextFor(alice, log));
    await caller.account.updateProfile({ name: "A secret-free name" });
    await expect(caller.apiToken.revoke({ id: MISSING_ID })).rejects.toThrow();

    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 30,
      requestId: "req-test-1",
      path: "account.updateProfile",
      type: "mutation",
      userId: alice.id,
      outcome: "ok",
      durationMs: expect.any(Number),
    });
    // An expected refusal is the caller's business: info, with its code, no stack.
    expect(lines[1]).toMatchObject({ level: 30, path: "apiToken.revoke", outcome: "NOT_FOUND", userId: alice.id });
    expect(lines[1]).not.toHaveProperty("err");
    expect(text()).not.toContain("A secret-free name");
  });

  it("a sign-up logs neither the password nor the email", async () => {
    const { log, text, lines } = captureLog();
    const password = "correct horse battery staple";
    await createCaller(contextFor(null, log)).account.signUp({ name: "Logan", email: "logan@example.com", password });
    expect(lines).toEqual([expect.objectContaining({ path: "account.signUp", outcome: "ok", userId: null })]);
    expect(text()).not.toContain(password);
    expect(text()).not.toContain("logan@example.com");
  });

  it("an unexpected error is logged once, as an error, with its stack; the query's values are hidden", async () => {
    const { log, lines, text } = captureLog();
    const caller = createCaller(contextFor(alice, log, { data: brokenData }));
    const failure = await caller.account.profile().catch((error: unknown) => error);

    expect(wasLogged(failure)).toBe(true); // so the HTTP adapter does not log it again
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 50,
      requestId: "req-test-1",
      path: "account.profile",
      outcome: "INTERNAL_SERVER_ERROR",
      err: { message: expect.stringContaining('Failed query: select * from "users"') },
    });
    expect(JSON.stringify(lines[0])).toMatch(/"stack":".*log\.test\.ts/);
    expect(text()).not.toContain("alice@example.com");
    expect(text()).toContain("params: [Redacted]");
  });
});

describe("errors on the wire carry the request id; an unexpected one, nothing else", () => {
  async function call(path: string, data: DataLayer, requestId: string) {
    const response = await fetchRequestHandler({
      endpoint: "/api/trpc",
      router: appRouter,
      req: new Request(
        `http://localhost/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(transformer.input.serialize({})))}`,
      ),
      createContext: () => contextFor(alice, captureLog().log, { data, requestId }),
    });
    const { error } = (await response.json()) as { error: unknown };
    return { status: response.status, error: transformer.output.deserialize(error), text: JSON.stringify(error) };
  }

  it("INTERNAL_SERVER_ERROR: 'Internal server error' and the request id, no SQL, path or values", async () => {
    const { status, error, text } = await call("account.profile", brokenData, "lb-1234");
    expect(status).toBe(500);
    expect(error).toMatchObject({
      message: "Internal server error",
      data: { code: "INTERNAL_SERVER_ERROR", requestId: "lb-1234" },
    });
    expect(text).not.toMatch(/Failed query|select|\/srv|alice@example\.com/);
  });

  it("other errors keep their message and carry the request id too", async () => {
    const { status, error } = await call("account.checkPasswordReset", testDb.data, "lb-5678");
    expect(status).toBe(400);
    expect(error).toMatchObject({ data: { code: "BAD_REQUEST", requestId: "lb-5678" } });
  });
});

describe("redaction", () => {
  it("hides passwords, tokens, secrets, authorization and cookies wherever they sit", () => {
    const { log, lines, text } = captureLog();
    log.info(
      {
        password: "p1",
        token: "t1",
        input: { newPassword: "p2", currentPassword: "p3", secret: "s1" },
        req: { headers: { authorization: "Bearer trl_abc", cookie: "session=xyz" } },
        res: { headers: { "set-cookie": "session=xyz; HttpOnly" } },
        env: { AUTH_SECRET: "s2" },
      },
      "everything secret",
    );
    for (const secret of ["p1", "t1", "p2", "p3", "s1", "trl_abc", "session=xyz", "s2"]) {
      expect(text()).not.toContain(secret);
    }
    expect(lines[0]).toMatchObject({
      password: "[Redacted]",
      input: { newPassword: "[Redacted]", currentPassword: "[Redacted]" },
      req: { headers: { authorization: "[Redacted]", cookie: "[Redacted]" } },
      res: { headers: { "set-cookie": "[Redacted]" } },
    });
  });

  it("hides two-factor codes, recovery codes and the QR code, but not an error's code", () => {
    const { log, lines, text } = captureLog();
    log.info(
      { code: "second-factor-required", input: { code: "123456" }, recoveryCodes: ["abcd-efgh-jkmn"], qrSvg: "<svg/>" },
      "two-factor",
    );
    for (const secret of ["123456", "abcd-efgh-jkmn", "<svg/>"]) expect(text()).not.toContain(secret);
    expect(lines[0]).toMatchObject({ code: "second-factor-required", input: { code: "[Redacted]" } });
  });

  it("replaces a request id that is unfit to log or echo", () => {
    const { log } = captureLog();
    const id = contextFor(null, log, { requestId: 'evil"\nX-Injected: 1' }).requestId;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(contextFor(null, log, { requestId: "ok-id_1.2:3" }).requestId).toBe("ok-id_1.2:3");
  });
});
