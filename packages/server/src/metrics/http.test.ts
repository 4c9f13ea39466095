import { createServer, request, type Server } from "node:http";

import { afterEach, describe, expect, it } from "vitest";

import { startRequest } from "./http";
import type { Metrics } from "./registry";

/**
 * What the front door records per response: a live stream is left out of the
 * duration histogram (it is open for minutes by design), and a response the
 * client walked away from is `aborted`, never the status it had set.
 */

type Recorded = Parameters<Metrics["recordRequest"]>[0];

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function serveRecording(handle: (url: string, res: import("node:http").ServerResponse) => void) {
  const recorded: Recorded[] = [];
  let closed: () => void = () => {};
  const closes = new Promise<void>((resolve) => {
    closed = resolve;
  });
  const metrics = { recordRequest: (request: Recorded) => recorded.push(request) } as unknown as Metrics;
  server = createServer((req, res) => {
    const record = startRequest(metrics, () => "/route", req);
    res.once("close", () => {
      record(res);
      closed();
    });
    handle(req.url ?? "/", res);
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${address && typeof address === "object" ? address.port : 0}`;
  return { url, recorded, closes };
}

/** Asks for `url`, then hangs up as soon as the response's headers arrive: a client gone mid-response. */
function askAndHangUp(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number | undefined; type: string | undefined }>((resolve, reject) => {
    const asking = request(url, { headers }, (response) => {
      resolve({ status: response.statusCode, type: response.headers["content-type"] });
      asking.destroy();
    });
    asking.once("error", reject);
    asking.end();
  });
}

describe("startRequest", () => {
  it("records a finished response under its status", async () => {
    const { url, recorded, closes } = await serveRecording((_, res) => res.writeHead(204).end());
    expect((await fetch(url)).status).toBe(204);
    await closes;
    expect(recorded).toEqual([expect.objectContaining({ route: "/route", method: "GET", status: 204 })]);
  });

  it.each([
    ["asked for by EventSource's Accept header", { accept: "text/event-stream" }],
    ["answered with a text/event-stream content type", {}],
  ])("leaves a live stream %s out of the duration histogram", async (_, headers: Record<string, string>) => {
    const { url, recorded, closes } = await serveRecording((_, res) => {
      res.setHeader("content-type", "text/event-stream");
      res.writeHead(200);
      res.write("data: 1\n\n");
    });
    expect((await askAndHangUp(url, headers)).type).toBe("text/event-stream");
    await closes;
    expect(recorded).toEqual([]);
  });

  it("records a response the client dropped before it finished as aborted", async () => {
    const { url, recorded, closes } = await serveRecording((_, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("partial");
    });
    expect((await askAndHangUp(url)).status).toBe(200);
    await closes;
    expect(recorded).toEqual([expect.objectContaining({ status: "aborted" })]);
  });
});
