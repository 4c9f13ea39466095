import { type IncomingMessage, ServerResponse, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { REQUEST_ID_HEADER, requestIdFrom } from "@trellis/api/request-id";
import type { Logger } from "@trellis/server/log";
import { settings } from "@trellis/validators/settings";

import { requestIdOf } from "./http-log";
import { crossSiteRefusal, isCrossSiteWrite } from "./origin-check";
import { createNonce, securityHeaders } from "./security-headers";
import {
  methodNotAllowed,
  type PlainRefusal,
  refuseUnknownServerAction,
  refuseUnservedMethod,
  type ServerActions,
} from "./unserved-requests";

/**
 * The front door's checks (./front-door.ts), on Node's request, under every
 * server: sets the security headers on `res`, and answers what must not reach
 * a handler. Returns true when it answered.
 *
 * The headers are set before anyone writes, so they reach every response the
 * server sends: the lean path's, and Next's static files, which the proxy
 * (src/proxy.ts) skips. For what Next renders, the proxy sets the CSP again
 * with the nonce it gave the page (setHeader replaces, so there is only ever
 * one policy).
 *
 * Answers a cross-site write with 403 (the proxy checks the same for hosts
 * without a front door); what no route serves (./unserved-requests.ts): a
 * method like TRACE with 405, a POST to a server action not in the build
 * (`serverActions`) with 404 — plainly, so the request's own log line is the
 * only one.
 */
export function guardRequest(
  req: IncomingMessage,
  res: ServerResponse,
  serverActions: ServerActions = new Set(),
): boolean {
  const headers = securityHeaders(createNonce(), settings().nodeEnv);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);

  const method = req.method ?? "GET";
  const unserved =
    refuseUnservedMethod(method) ?? refuseUnknownServerAction(method, req.headers["next-action"], serverActions);
  if (unserved) {
    answer(res, unserved);
    return true;
  }

  const url = req.url ?? "/";
  const request = {
    method,
    url,
    origin: req.headers.origin,
    host: req.headers.host,
    secFetchSite: req.headers["sec-fetch-site"],
  };
  if (!isCrossSiteWrite(request)) return false;
  answer(res, crossSiteRefusal(url, requestIdOf(req)));
  return true;
}

function answer(res: ServerResponse, refusal: PlainRefusal): void {
  res.writeHead(refusal.status, { ...refusal.headers, "content-length": Buffer.byteLength(refusal.body) });
  res.end(refusal.body);
}

/**
 * CONNECT, which Node hands over as a raw socket (the "connect" event) rather
 * than a request: nothing here is a proxy, so 405, the connection closed, and
 * the one log line every request gets (./http-log.ts).
 */
export function refuseTunnel(req: IncomingMessage, socket: Duplex, log: Logger): void {
  const requestId = requestIdOf(req);
  endRaw(socket, requestId, methodNotAllowed());
  log.info({ requestId, method: "CONNECT", status: 405, userId: null }, "CONNECT 405");
}

/**
 * A request Node could not parse (the "clientError" event): an unknown
 * method such as TRACK, a malformed line, headers too large. Node's default
 * answers 400 without a word in the log; this answers with the fitting
 * status and a request id, and logs one line — the parser's code, never the
 * bytes sent.
 */
export function refuseUnparsable(error: NodeJS.ErrnoException, socket: Duplex, log: Logger): void {
  // Gone, or a response already under way on this connection (Node's own rule, from its default
  // handler): another one written after it would corrupt it.
  const current: unknown = Reflect.get(socket, "_httpMessage");
  if (error.code === "ECONNRESET" || !socket.writable || (current instanceof ServerResponse && current.headersSent)) {
    socket.destroy();
    return;
  }
  const requestId = requestIdFrom(undefined);
  const refusal = refusalFor(error.code);
  endRaw(socket, requestId, refusal);
  log.info(
    { requestId, status: refusal.status, code: error.code, userId: null },
    `unparsable request ${refusal.status}`,
  );
}

function refusalFor(code: string | undefined): PlainRefusal {
  const plain = { "content-type": "text/plain; charset=utf-8" };
  switch (code) {
    case "HPE_INVALID_METHOD":
      return methodNotAllowed();
    case "HPE_HEADER_OVERFLOW":
      return { status: 431, headers: plain, body: "Request header fields too large" };
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return { status: 408, headers: plain, body: "Request timeout" };
    default:
      return { status: 400, headers: plain, body: "Bad request" };
  }
}

/** Writes a whole response straight to the socket, then closes it: for requests that never became one. */
function endRaw(socket: Duplex, requestId: string, refusal: PlainRefusal): void {
  const headers = {
    ...refusal.headers,
    [REQUEST_ID_HEADER]: requestId,
    "content-length": Buffer.byteLength(refusal.body),
    connection: "close",
  };
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.on("error", () => {}); // the client may be gone already; there is nothing left to tell it
  socket.end(`HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? ""}\r\n${head.join("")}\r\n${refusal.body}`);
}
