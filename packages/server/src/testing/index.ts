// Helpers for tests of the HTTP runtime: never imported by the runtime itself.
export { setupRestTest } from "./rest";
