export { type PostChange, postChangeFor } from "./changes";
export { FanOut } from "./fan-out";
export { createMemoryBus } from "./memory-bus";
export { currentTraceparent, traceEvents, traceHandling } from "./traced-bus";
export { compareEventIds, type EventBus, type PostEdit, type StoredEvent, type TrellisEvent } from "./types";
