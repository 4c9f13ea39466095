/**
 * Runs in the browser before the app's own code (Next's client instrumentation).
 *
 * The first time zod 4 builds an object schema it probes whether it may compile
 * parsers with `new Function`. The CSP forbids eval (src/proxy.ts), so the
 * probe fails — harmlessly: zod falls back to its interpreter — but the browser
 * records a CSP violation on every page with a form (Lighthouse, best practices:
 * "Issues were logged in the Issues panel"). `jitless` skips the probe.
 *
 * Set on the global config object zod adopts when it loads, rather than with
 * `z.config()`, so that this file does not put zod into every page's first
 * load; instrumentation-client.test.ts checks that zod still reads it.
 */
declare global {
  var __zod_globalConfig: { jitless?: boolean } | undefined;
}

globalThis.__zod_globalConfig ??= {};
globalThis.__zod_globalConfig.jitless = true;
