/**
 * A request's route as a template — "/posts/[id]", not "/posts/0193…" — to
 * name its span: a name per post would make every trace its own kind, and
 * the path itself is an attribute. Next's own route names (apps/web/src/app);
 * a path outside them is "/[not-found]" (route-template.test.ts checks the
 * list against the app's routes).
 */
const prefixes: ReadonlyArray<readonly [prefix: string, template: string]> = [
  ["/api/trpc/", "/api/trpc/[trpc]"],
  ["/api/v1/", "/api/v1/[...path]"],
  ["/api/auth/", "/api/auth/[...nextauth]"],
  ["/api/admin/exports/", "/api/admin/exports/[id]"],
  ["/posts/", "/posts/[id]"],
  ["/_next/static/", "/_next/static/[...file]"],
  ["/_next/image", "/_next/image"],
  ["/_next/", "/_next/[...path]"],
];

export const STATIC_ROUTES: ReadonlySet<string> = new Set([
  "/",
  "/admin",
  "/forgot-password",
  "/reset-password",
  "/settings",
  "/sign-up",
  "/sign-in",
  "/dev/mailbox",
  "/docs/api",
  "/api/health",
  "/api/ready",
  "/api/openapi.json",
  "/favicon.ico",
  "/robots.txt",
]);

export function routeTemplate(pathname: string): string {
  if (STATIC_ROUTES.has(pathname)) return pathname;
  for (const [prefix, template] of prefixes) if (pathname.startsWith(prefix)) return template;
  return "/[not-found]";
}
