/**
 * Runs once when the Next.js server starts. The Node-only work lives in
 * ./instrumentation-node.ts, imported only on the Node runtime so the Edge
 * build never sees it.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./instrumentation-node");
}
