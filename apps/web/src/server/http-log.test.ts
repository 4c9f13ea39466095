import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { createLogger } from "@trellis/server/log";
import { afterAll, describe, expect, it } from "vitest";

import { logWhenDone } from "./http-log";

/** The request log's levels: probes and scrapes answered 200 at debug, everything else at info or error. */

const lines: { level: number; path: string; status: number }[] = [];
const log = createLogger({ level: "debug", destination: { write: (line: string) => lines.push(JSON.parse(line)) } });

const server: Server = createServer((req, res) => {
  logWhenDone(req, res, { requestId: "r", clientIp: null, userId: null }, log);
  res.statusCode = req.url === "/api/ready?down" ? 503 : 200;
  res.end();
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const DEBUG = 20;
const INFO = 30;
const ERROR = 50;

async function levelOf(path: string): Promise<number | undefined> {
  const { port } = server.address() as AddressInfo;
  await (await fetch(`http://127.0.0.1:${port}${path}`)).text();
  await new Promise((resolve) => setTimeout(resolve, 20));
  return lines.findLast((line) => line.path === path.split("?")[0])?.level;
}

describe("the request log", () => {
  it("logs a healthy probe or metrics scrape at debug", async () => {
    expect(await levelOf("/api/health")).toBe(DEBUG);
    expect(await levelOf("/api/ready")).toBe(DEBUG);
    expect(await levelOf("/api/metrics")).toBe(DEBUG);
  });

  it("logs other requests at info, and a failing probe at error", async () => {
    expect(await levelOf("/posts")).toBe(INFO);
    expect(await levelOf("/api/ready?down")).toBe(ERROR);
  });
});
