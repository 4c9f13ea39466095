export { FanOut } from "./fan-out";
export { createMemoryBus } from "./memory-bus";
export { compareEventIds, type EventBus, type StoredEvent, type TrellisEvent } from "./types";
