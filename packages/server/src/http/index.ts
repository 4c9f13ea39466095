export { createFetchHandler, type FetchHandlerOptions } from "./fetch-handler";
export { createLeanHandler, headersOf, type LeanHandlerOptions } from "./lean-handler";
export { MAX_BATCH_CALLS, MAX_BODY_BYTES } from "./limits";
export { httpResponseMeta } from "./response-meta";
