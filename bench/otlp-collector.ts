import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in OTLP/HTTP collector for the bench's traced row: accepts every
 * POST /v1/traces (JSON, as the app's exporter sends it), counts the spans and
 * drops them. In the bench's process, so the traced server pays for
 * serializing and sending its spans, and nothing else runs beside it.
 */
export async function startOtlpCollector(): Promise<{ url: string; spans: () => number; close: () => Promise<void> }> {
  let spans = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (req.method === "POST" && req.url === "/v1/traces")
        spans += countSpans(Buffer.concat(chunks).toString("utf8"));
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans: () => spans,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

interface ExportRequest {
  resourceSpans?: { scopeSpans?: { spans?: unknown[] }[] }[];
}

function countSpans(body: string): number {
  try {
    const request = JSON.parse(body) as ExportRequest;
    return (request.resourceSpans ?? [])
      .flatMap((resource) => resource.scopeSpans ?? [])
      .reduce((sum, scope) => sum + (scope.spans?.length ?? 0), 0);
  } catch {
    return 0; // not JSON (a protobuf exporter): counted as nothing rather than failing the row
  }
}
