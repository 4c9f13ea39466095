import { gzipSync } from "node:zlib";

/**
 * Gzip for the answers the production server writes itself (the lean tRPC
 * path, REST on Node), as Next compresses what it serves: the same answer,
 * the same bytes on the wire, whichever server sent it. Small bodies are
 * left alone — below a kilobyte, gzip's framing and the CPU cost more than
 * they save — and so is a client that does not ask for it.
 */
export const MIN_COMPRESSED_BYTES = 1024;

/**
 * Whether an `Accept-Encoding` header takes gzip: named with a q-value above
 * 0, or not named and `*` is (RFC 9110 §12.5.3: `gzip;q=0, *` refuses gzip —
 * the coding named outranks the wildcard).
 */
export function acceptsGzip(acceptEncoding: string | string[] | null | undefined): boolean {
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(",") : acceptEncoding;
  if (!header) return false;
  const quality: Record<string, number> = {};
  for (const entry of header.split(",")) {
    const [coding = "", ...params] = entry.split(";").map((part) => part.trim().toLowerCase());
    const q = params.find((param) => param.startsWith("q="));
    quality[coding] = q === undefined ? 1 : Number(q.slice(2));
  }
  return (quality.gzip ?? quality["*"] ?? 0) > 0;
}

export interface Encoded {
  body: Buffer;
  /** The headers the encoding adds: `content-encoding` when compressed, `vary` whenever it could have been. */
  headers: { "content-encoding"?: "gzip"; vary?: "accept-encoding" };
}

/** `body` as the client asked for it: gzipped when it accepts gzip and the body is worth compressing. */
export function encodeFor(acceptEncoding: string | string[] | null | undefined, body: Buffer): Encoded {
  if (body.byteLength < MIN_COMPRESSED_BYTES) return { body, headers: {} };
  if (!acceptsGzip(acceptEncoding)) return { body, headers: { vary: "accept-encoding" } };
  return { body: gzipSync(body), headers: { "content-encoding": "gzip", vary: "accept-encoding" } };
}

/** A Vary header's value with `more` appended, unless it names it already (any case). */
export function varyAlso(vary: number | string | string[] | undefined | null, more: string): string {
  const listed = (Array.isArray(vary) ? vary.join(",") : String(vary ?? ""))
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  return listed.some((name) => name.toLowerCase() === more.toLowerCase())
    ? listed.join(", ")
    : [...listed, more].join(", ");
}
