// Its client components call procedures: the tRPC client comes with the page, not the root layout.
export { TRPCClientLayout as default } from "@/trpc/boundaries";
