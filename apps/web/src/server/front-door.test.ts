import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { createLogger } from "@trellis/server/log";
import { afterEach, describe, expect, it } from "vitest";

import { clientIpFromHeaders } from "./client-ip";
import { createFrontDoor, type FrontDoor, guardConnections, KEEP_ALIVE_TIMEOUT_MS } from "./front-door";
import { putBehindFrontDoor, whenFirstServerAnswers } from "./next-front-door";
import { CACHE_HEADER, createPageCache } from "./page-cache";
import { requestScope } from "./request-scope";

function captureLog() {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({ level: "info", destination: { write: (line: string) => lines.push(JSON.parse(line)) } });
  return { log, lines };
}

interface Answer {
  status: number;
  headers: IncomingMessage["headers"];
  body: string;
}

function send(server: Server, path: string, options: { method?: string; headers?: Record<string, string> } = {}) {
  const { port } = server.address() as AddressInfo;
  return new Promise<Answer>((resolve, reject) => {
    const request = httpRequest({ host: "127.0.0.1", port, path, agent: false, ...options });
    request.on("response", (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on("error", reject);
    request.end();
  });
}

const listening = (server: Server) =>
  new Promise<Server>((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));

/** Stands in for Next: answers with what the request's scope and headers tell a route handler. */
const nextLike = (req: IncomingMessage, res: import("node:http").ServerResponse) => {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  if (req.url === "/throws") throw new Error("a bug, at /srv/app/file.ts:1");
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ ip: clientIpFromHeaders(headers), requestId: requestScope().getStore()?.requestId }));
};

let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  servers = [];
});

describe("the front door", () => {
  async function serverBehind(frontDoor: FrontDoor) {
    // As Next's server: its own listener, moved behind the front door at its first request.
    const server = createServer(nextLike);
    servers.push(server);
    whenFirstServerAnswers((first) => putBehindFrontDoor(first, frontDoor));
    return listening(server);
  }

  it("puts Next's listener behind it from the very first request: id, headers, address, one log line", async () => {
    const { log, lines } = captureLog();
    const server = await serverBehind(createFrontDoor({ log, serverActions: new Set() }));

    const answer = await send(server, "/feed?token=secret", {
      headers: { "x-request-id": "lb-1", "x-forwarded-for": "203.0.113.9", "x-trellis-client-ip": "198.51.100.1" },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers["x-request-id"]).toBe("lb-1");
    expect(answer.headers["content-security-policy"]).toContain("'nonce-");
    // The socket's address, whatever the client wrote; the scope reaches the handler.
    expect(JSON.parse(answer.body)).toEqual({ ip: "127.0.0.1", requestId: "lb-1" });
    await expect.poll(() => lines.length).toBe(1);
    expect(lines[0]).toMatchObject({ requestId: "lb-1", method: "GET", path: "/feed", status: 200, userId: null });
    expect(JSON.stringify(lines)).not.toContain("secret");
  });

  it("answers what no handler should see: TRACE 405, a cross-site write 403, a forged action 404", async () => {
    const { log, lines } = captureLog();
    const server = await serverBehind(createFrontDoor({ log, serverActions: new Set(["7f00aa"]) }));

    const trace = await send(server, "/", { method: "TRACE" });
    expect(trace.status).toBe(405);
    expect(trace.headers.allow).toBe("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    const crossSite = await send(server, "/api/v1/posts", {
      method: "POST",
      headers: { origin: "https://evil.example" },
    });
    expect(crossSite.status).toBe(403);
    const forged = await send(server, "/", { method: "POST", headers: { "next-action": "forged-d3adb33f" } });
    expect(forged.status).toBe(404);
    expect(forged.body).not.toContain("forged-d3adb33f");
    const known = await send(server, "/", { method: "POST", headers: { "next-action": "7f00aa" } });
    expect(known.status).toBe(200);

    // One line per request, each a client's mistake: no error, no stack, and the forged action id nowhere.
    await expect.poll(() => lines.length).toBe(4);
    expect(lines.map((line) => line.status)).toEqual([405, 403, 404, 200]);
    expect(lines.filter((line) => Number(line.level) >= 50)).toEqual([]);
    expect(JSON.stringify(lines)).not.toMatch(/stack|forged-d3adb33f/);
  });

  it("answers a handler's throw with 500 and the request id, no stack; the log has it", async () => {
    const { log, lines } = captureLog();
    const server = await serverBehind(createFrontDoor({ log, serverActions: new Set() }));

    const answer = await send(server, "/throws", { headers: { "x-request-id": "bug-1" } });
    expect(answer.status).toBe(500);
    expect(answer.body).toBe("Internal server error (request bug-1)");
    await expect.poll(() => lines.length).toBe(2);
    expect(JSON.stringify(lines[0])).toContain("/srv/app/file.ts");
    expect(lines[1]).toMatchObject({ requestId: "bug-1", status: 500 });
  });
});

describe("the front door with a page cache", () => {
  it("answers a signed-out reader's second read of the feed from it, and the log line says which", async () => {
    const { log, lines } = captureLog();
    const pageCache = createPageCache();
    pageCache.setOpen(true);
    const frontDoor = createFrontDoor({ log, serverActions: new Set(), pageCache });
    // As Next: the page's script carries the nonce of the CSP the front door set.
    const server = createServer((req, res) =>
      frontDoor(req, res, () => {
        const nonce = /'nonce-([^']+)'/.exec(String(res.getHeader("content-security-policy")))?.[1];
        res.setHeader("content-type", "text/html; charset=utf-8");
        res.end(`<script nonce="${nonce}"></script>${req.url}`);
      }),
    );
    servers.push(server);
    await listening(server);

    const verdicts = [];
    for (const path of ["/", "/", "/settings"]) verdicts.push((await send(server, path)).headers[CACHE_HEADER]);
    expect(verdicts).toEqual(["miss", "hit", undefined]);
    await expect.poll(() => lines.length).toBe(3);
    expect(lines.map((line) => line.cache)).toEqual(["miss", "hit", undefined]);
  });
});

describe("the connection rules", () => {
  /** A GET on a kept-alive connection of `agent`: whether it went out on a connection used before. */
  function reused(server: Server, agent: Agent) {
    const { port } = server.address() as AddressInfo;
    return new Promise<boolean>((resolve, reject) => {
      const request = httpRequest({ host: "127.0.0.1", port, path: "/", agent });
      request.on("response", (response) => {
        response.resume();
        response.on("end", () => resolve(request.reusedSocket));
      });
      request.on("error", reject);
      request.end();
    });
  }

  it("keep an idle connection open past Node's 5 s, so a client reusing it is answered, not reset", async () => {
    const server = createServer((_req, res) => res.end("ok"));
    servers.push(server);
    guardConnections(server, captureLog().log);
    await listening(server);
    expect(server.keepAliveTimeout).toBe(KEEP_ALIVE_TIMEOUT_MS);
    expect(server.headersTimeout).toBeGreaterThan(KEEP_ALIVE_TIMEOUT_MS);

    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect(await reused(server, agent)).toBe(false);
      // Idle past Node's default keep-alive timeout: that one would have closed the connection by now.
      await new Promise((resolve) => setTimeout(resolve, 5_500));
      expect(await reused(server, agent)).toBe(true);
    } finally {
      agent.destroy();
    }
  }, 15_000);
});

describe("clientIpFromHeaders without a front door", () => {
  it("never takes a client's X-Forwarded-For without trusted proxies", () => {
    expect(clientIpFromHeaders(new Headers({ "x-forwarded-for": "203.0.113.9" }))).toBeNull();
  });
});
