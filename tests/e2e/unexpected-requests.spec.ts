import { request as httpRequest } from "node:http";

import { expect, test } from "./fixtures";
import { unique } from "./support";

/**
 * Requests the app has no use for — methods it does not serve, a forged
 * server action — answered 4xx by the production server (apps/web/server.ts,
 * src/server/node-guard.ts), with one log line and no stack, in the response
 * or in the log: "every error is a 4xx or a logged 5xx with the request id".
 */

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Node's own client: Playwright's and fetch refuse to send TRACE, TRACK or CONNECT. */
function send(
  baseURL: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(baseURL);
    const request = httpRequest({ host: url.hostname, port: url.port, method, path, headers, agent: false });
    const collect = (response: import("node:http").IncomingMessage) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
    };
    request.on("response", collect);
    // A CONNECT's answer comes as "connect", with the socket handed over: read what is left of it.
    request.on("connect", (response, socket) => {
      let text = "";
      socket.setEncoding("utf8");
      socket.on("data", (chunk: string) => (text += chunk));
      socket.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
      socket.on("error", reject);
    });
    request.on("error", reject);
    request.end(body);
  });
}

/** What the server logged since `mark` (an earlier length of its output), once the request's line is in. */
async function logSince(output: () => string, mark: number, requestId: string): Promise<string> {
  await expect(() => expect(output().slice(mark)).toContain(requestId)).toPass({ timeout: 5_000 });
  // Anything the request made Next print (a stack, a warning) comes before its access line.
  return output().slice(mark);
}

function expectOneQuietLine(log: string, requestId: string, status: number) {
  const lines = log.split("\n").filter((line) => line.trim() !== "");
  const mentioning = lines.filter((line) => line.includes(requestId));
  expect(mentioning, "one log line for the request").toHaveLength(1);
  expect(JSON.parse(mentioning[0] ?? "{}")).toMatchObject({ requestId, status });
  expect(log, "no stack in the log").not.toMatch(/^\s+at /m);
  expect(log).not.toMatch(/Error:/);
}

// TRACK is not even a method to Node's parser: it never becomes a request, and is answered as unparsable.
for (const method of ["TRACE", "TRACK", "PROPFIND"]) {
  test(`${method} / is 405 with Allow, logged once, no stack`, async ({ app }) => {
    const mark = app.output().length;
    const response = await send(app.baseURL, method, "/", { "x-request-id": `e2e-${method.toLowerCase()}` });
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    expect(response.body).not.toMatch(/\bat\b.*\.js|Error/);
    const requestId = String(response.headers["x-request-id"]);
    expectOneQuietLine(await logSince(app.output, mark, requestId), requestId, 405);
  });
}

test("CONNECT is 405, logged once, and the connection is closed", async ({ app }) => {
  const requestId = `e2e-connect-${Date.now()}`;
  const mark = app.output().length;
  const response = await send(app.baseURL, "CONNECT", "evil.example:443", { "x-request-id": requestId });
  expect(response.status).toBe(405);
  expect(response.headers.allow).toBe("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
  expectOneQuietLine(await logSince(app.output, mark, requestId), requestId, 405);
});

test("a forged Next-Action header is 404, logged once, its value echoed nowhere", async ({ app }) => {
  // Well-formed or not, an id the build does not have: Next logged both with their value, the first with a stack.
  const forged = [unique("forged-id").replace(/\W+/g, "-"), `7f${"0".repeat(38)}${Date.now().toString(16)}`];
  for (const action of forged) {
    for (const [path, contentType] of [
      ["/", "text/plain;charset=UTF-8"],
      ["/sign-in", "multipart/form-data; boundary=x"],
    ] as const) {
      const requestId = `e2e-action-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
      const mark = app.output().length;
      const response = await send(
        app.baseURL,
        "POST",
        path,
        { "next-action": action, "content-type": contentType, "x-request-id": requestId },
        '["$K1"]',
      );
      expect(response.status, `${action} ${path}`).toBe(404);
      expect(response.body).not.toContain(action);
      const log = await logSince(app.output, mark, requestId);
      expectOneQuietLine(log, requestId, 404);
      expect(log).not.toContain(action);
    }
  }
});

test("signed in, a newline in /sign-in's callbackUrl is a redirect on this site, logged once", async ({
  app,
  page,
  user,
}) => {
  expect(user.email).toBeTruthy();
  // Node refused the raw newline in the Location header, and the page answered 500 with a stack in the log.
  for (const [callbackUrl, expected] of [
    ["/%0Aevil", "/evil"],
    ["/%0D%0ASet-Cookie:%20x=1", "/Set-Cookie:%20x=1"],
  ] as const) {
    const requestId = `e2e-newline-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
    const mark = app.output().length;
    const response = await page.request.get(`/sign-in?callbackUrl=${callbackUrl}`, {
      headers: { "x-request-id": requestId },
      maxRedirects: 0,
    });
    expect(response.status(), callbackUrl).toBe(307);
    expect(new URL(response.headers().location ?? "", app.baseURL).pathname).toBe(expected);
    expect(response.headers()["set-cookie"] ?? "").not.toContain("x=1");
    expectOneQuietLine(await logSince(app.output, mark, requestId), requestId, 307);
  }
});
