/**
 * The lean tRPC handler (packages/api/src/http/lean-handler.ts) alone on
 * node:http, anonymous callers, over DATABASE_URL: what the production server
 * will add in front of Next, measured without Next. PORT picks the port.
 */
import { createServer } from "node:http";
import { createMemoryBus } from "../../packages/api/src/events/index";
import { createLeanHandler } from "../../packages/api/src/http/lean-handler";
import { appRouter, createContext } from "../../packages/api/src/index";
import { createMemoryRateLimits } from "../../packages/api/src/rate-limit/index";
import { openDatabase } from "../../packages/db/src/index";
import { appJobs, createTableQueue } from "../../packages/jobs/src/index";

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
    }),
});
createServer(async (req, res) => {
  if (!(await handle(req, res))) res.writeHead(404).end();
}).listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready"));

// Exit cleanly on Ctrl-C, so `node --cpu-prof` writes its profile.
process.once("SIGINT", () => process.exit(0));
