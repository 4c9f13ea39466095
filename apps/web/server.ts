/**
 * The production server, `pnpm start`: one Node process that answers tRPC
 * queries and mutations itself, through the lean handler, and hands every
 * other request — pages, assets, REST, Auth.js, subscriptions — to Next.js.
 * The lean path is the same API (a differential test compares it call by
 * call with tRPC's stock handler) at a fraction of the cost per request
 * (docs/decisions/018, bench/). `next dev` and hosts that run `next start`
 * keep the stock route handler, app/api/trpc/[trpc]/route.ts, which stays.
 *
 *   NODE_ENV=production node --import tsx server.ts [--hostname 0.0.0.0] [--port 3000]
 */
import { createServer } from "node:http";
import { parseArgs } from "node:util";

import { appRouter } from "@trellis/api";
import { createLeanHandler, headersOf } from "@trellis/api/http";
import next from "next";

import { contextFromHeaders } from "./src/server/request-context";
import { startServicesOrExit } from "./src/server/startup";

const { values } = parseArgs({ options: { hostname: { type: "string" }, port: { type: "string" } } });
const hostname = values.hostname ?? "0.0.0.0";
const port = Number(values.port ?? process.env.PORT ?? 3000);

await startServicesOrExit();
const app = next({ dev: false, dir: import.meta.dirname, hostname, port });
await app.prepare();
const handleNext = app.getRequestHandler();

const handleTRPC = createLeanHandler({
  router: appRouter,
  endpoint: "/api/trpc",
  createContext: (req) => contextFromHeaders(headersOf(req)),
  onError({ error, path }) {
    // Expected errors (bad input, not found) are the caller's business; only a bug deserves the log.
    if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "<no path>"} failed:`, error);
  },
});

const server = createServer(async (req, res) => {
  try {
    if (await handleTRPC(req, res)) return;
    await handleNext(req, res);
  } catch (error) {
    console.error(`${req.method} ${req.url} failed:`, error);
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
    res.end("Internal server error");
  }
});

server.listen(port, hostname, () => console.log(`Trellis is serving http://${hostname}:${port}`));

// Stop taking connections, let requests in flight finish, and after 5 s cut what is left (open
// SSE streams never finish by themselves; their clients reconnect elsewhere and resume).
// Closing the database and Redis on the way out is issue 10's.
process.once("SIGTERM", () => {
  server.close(() => process.exit(0));
  setTimeout(() => server.closeAllConnections(), 5_000).unref();
});
