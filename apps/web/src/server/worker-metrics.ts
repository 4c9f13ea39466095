import { createServer, type Server } from "node:http";

import { serveOnNode } from "@trellis/server/http";
import { answerMetrics, METRICS_PATH, type Metrics } from "@trellis/server/metrics";

/**
 * `pnpm worker`'s metrics (docs/observability.md): a process with no web
 * server of its own still runs jobs whose attempts and failures are counted,
 * so it answers `GET /api/metrics` — the same answer, behind the same token,
 * as the app's — on a small listener of its own (METRICS_PORT), and 404 to
 * anything else.
 */
export async function serveWorkerMetrics({
  port,
  host,
  token,
  metrics,
}: {
  port: number;
  host?: string;
  token: string;
  metrics: Metrics | null;
}): Promise<Server> {
  const scrape = serveOnNode(
    (request) => answerMetrics(request, { token, metrics }),
    (req) => req.url?.split("?", 1)[0] === METRICS_PATH,
    () => new Response("Internal server error", { status: 500 }),
  );
  const server = createServer(async (req, res) => {
    if (await scrape(req, res)) return;
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return server;
}
