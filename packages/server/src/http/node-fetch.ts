import type { IncomingMessage, ServerResponse } from "node:http";
import { encodeFor, varyAlso } from "./compression";
import { headersOf } from "./lean-handler";

/**
 * A request's body as a web stream that reads the Node request only as fast
 * as it is consumed, and whose cancelling — a handler that stops reading a
 * body over its limit — drains the rest instead of destroying the socket, so
 * the client hears the 413 rather than a reset connection.
 */
function bodyOf(req: IncomingMessage): ReadableStream<Uint8Array> {
  let done = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.pause();
      req.on("data", (chunk: Buffer) => {
        if (done) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.once("end", () => {
        if (done) return;
        done = true;
        controller.close();
      });
      req.once("error", (error) => {
        if (done) return;
        done = true;
        controller.error(error);
      });
    },
    pull() {
      req.resume();
    },
    cancel() {
      done = true;
      req.resume();
    },
  });
}

/** The Fetch `Request` for a Node request: same method, URL, headers and (streamed) body. */
export function requestOf(req: IncomingMessage): Request {
  const method = req.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  // Node's fetch streams a body only when told to (`duplex`, which the DOM's RequestInit does not list yet).
  const init: RequestInit & { duplex?: "half" } = { method, headers: headersOf(req) };
  if (hasBody) Object.assign(init, { body: bodyOf(req), duplex: "half" });
  // The handlers read only the path and query: the Host header, which the client chose, is not trusted to parse.
  return new Request(new URL(req.url ?? "/", "http://localhost"), init);
}

/** Headers about one connection, not the answer: Node's response sets its own (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection", "te"]);

/**
 * Writes a whole Fetch `Response` — a JSON answer, not a stream: its body is
 * read to the end first — to a Node response, gzipped when the client asks
 * and it is worth it (./compression.ts), as Next would. When the request's
 * body was not read to its end (refused, over a limit), the connection
 * closes after the answer, which bounds what is left to drain.
 */
export async function sendResponse(req: IncomingMessage, res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name)) headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  if (!req.complete && req.method !== "GET" && req.method !== "HEAD") headers.connection = "close";
  if (response.body && !headers["content-encoding"]) {
    const encoded = encodeFor(req.headers["accept-encoding"], Buffer.from(await response.arrayBuffer()));
    if (encoded.headers["content-encoding"]) headers["content-encoding"] = encoded.headers["content-encoding"];
    if (encoded.headers.vary) headers.vary = varyAlso(response.headers.get("vary"), encoded.headers.vary);
    headers["content-length"] = String(encoded.body.byteLength);
    res.writeHead(response.status, headers);
    res.end(encoded.body);
    return;
  }
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  if (body) headers["content-length"] = String(body.byteLength);
  res.writeHead(response.status, headers);
  res.end(body);
}

/**
 * A Fetch handler (such as the REST API's) served on Node's own request and
 * response, for the paths `accepts` takes; returns false, having written
 * nothing, for the others. A client that hangs up before its body is read
 * is nobody's error: the answer is dropped, and the request's log line says
 * the connection closed. A handler that throws gets `onThrow`'s answer.
 * A HEAD is answered as its GET, without the body.
 */
export function serveOnNode(
  handler: (req: Request) => Promise<Response>,
  accepts: (req: IncomingMessage) => boolean,
  onThrow: (error: unknown, req: IncomingMessage) => Response,
): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    if (!accepts(req)) return false;
    let response: Response;
    try {
      // HEAD is asked as GET and Node leaves the body unsent, so its headers are GET's to the byte:
      // Content-Length and Content-Encoding as sendResponse settles them (RFC 9110 §9.3.2).
      const request = requestOf(req);
      response = await handler(req.method === "HEAD" ? new Request(request, { method: "GET" }) : request);
    } catch (error) {
      if (clientHungUp(req)) return true;
      response = onThrow(error, req);
    }
    if (clientHungUp(req)) return true;
    await sendResponse(req, res, response);
    return true;
  };
}

/** Whether the client closed the connection before sending its whole request. */
const clientHungUp = (req: IncomingMessage) => req.destroyed && !req.complete;
