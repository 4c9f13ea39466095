// Helpers for tests of the routers and of what serves them: never imported by the runtime.
export { type Family, hostileInputs, hugeStrings, payloadInputs, type Targets } from "./hostile-values";
export { MISSING_ID, setupRouterTest, silentLogger, TEST_IP } from "./router";
