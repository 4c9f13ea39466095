/**
 * The lean tRPC handler (packages/api/src/http/lean-handler.ts) alone on
 * node:http, anonymous callers, over DATABASE_URL: what the production server
 * will add in front of Next, measured without Next. PORT picks the port.
 */
import { createServer } from "node:http";
import { createMemoryBus } from "../../packages/api/src/events/index";
import { createLeanHandler } from "../../packages/api/src/http/lean-handler";
import { appRouter, createContext } from "../../packages/api/src/index";
import { createMemoryMailer } from "../../packages/auth/src/index";
import { openDatabase } from "../../packages/db/src/index";

const database = await openDatabase(process.env.DATABASE_URL ?? "");
const [mailer, events] = [createMemoryMailer(), createMemoryBus()];
const handle = createLeanHandler({
  router: appRouter,
  endpoint: "/api/trpc",
  createContext: async () =>
    createContext({ data: database.data, viewer: null, mailer, events, appUrl: "http://127.0.0.1" }),
});
createServer(async (req, res) => {
  if (!(await handle(req, res))) res.writeHead(404).end();
}).listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready"));

// Exit cleanly on Ctrl-C, so `node --cpu-prof` writes its profile.
process.once("SIGINT", () => process.exit(0));
