// The pages in this group have client components that call procedures without a prefetch: the tRPC client
// comes with them, not with the root layout (a signed-out reader of the feed loads none of it). A route
// group, so the URLs stay /settings, /admin, …
export { TRPCClientLayout as default } from "@/trpc/boundaries";
