export {
  entityTagOf,
  ifNoneMatchHits,
  PRIVATE_ANSWER,
  PUBLIC_READ,
  presentsCredentials,
  readCaching,
  withReadCaching,
} from "./caching";
export { acceptsGzip, encodeFor, varyAlso } from "./compression";
export { createFetchHandler, type FetchHandlerOptions } from "./fetch-handler";
export { createLeanHandler, headersOf, type LeanHandlerOptions } from "./lean-handler";
export { MAX_BATCH_CALLS, MAX_BODY_BYTES } from "./limits";
export { requestOf, sendResponse, serveOnNode } from "./node-fetch";
export { httpResponseMeta } from "./response-meta";
