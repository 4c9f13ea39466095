// Helpers for tests of the routers and of what serves them: never imported by the runtime.

// The data layer's missing id, for tests that go through a procedure to ask for it.
export { MISSING_ID } from "@trellis/db/testing";
export { type Family, hostileInputs, hugeStrings, payloadInputs, type Targets } from "./hostile-values";
export { publishedDuring, take } from "./live";
export { setupRouterTest, silentLogger, TEST_IP } from "./router";
