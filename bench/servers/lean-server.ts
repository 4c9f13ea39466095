/**
 * The lean tRPC handler (packages/server/src/http/lean-handler.ts) alone on
 * node:http, anonymous callers, over DATABASE_URL: what the production server
 * will add in front of Next, measured without Next. PORT picks the port.
 */
import { createServer } from "node:http";

import { appRouter, createContext } from "@trellis/api";
import { createMemoryBus } from "@trellis/api/events";
import { createMemoryRateLimits } from "@trellis/api/rate-limit";
import { openDatabase } from "@trellis/db";
import { appJobs, createTableQueue } from "@trellis/jobs";
import { createLeanHandler } from "@trellis/server/http";
import { logger } from "@trellis/server/log";

const database = await openDatabase(process.env.DATABASE_URL ?? "");
// Jobs are enqueued into the table and never run: the bench measures requests, not the worker.
const [jobs, events, rateLimits] = [
  createTableQueue(appJobs, database.data),
  createMemoryBus(),
  createMemoryRateLimits(),
];
const handle = createLeanHandler({
  router: appRouter,
  endpoint: "/api/trpc",
  createContext: async () =>
    createContext({
      data: database.data,
      viewer: null,
      jobs,
      events,
      appUrl: "http://127.0.0.1",
      ip: null,
      rateLimits,
      log: logger(),
    }),
});
createServer(async (req, res) => {
  if (!(await handle(req, res))) res.writeHead(404).end();
}).listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready"));

// Exit cleanly on Ctrl-C, so `node --cpu-prof` writes its profile.
process.once("SIGINT", () => process.exit(0));
