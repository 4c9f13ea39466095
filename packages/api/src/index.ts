import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

import type { AppRouter } from "./root";

export { type AppRouter, appRouter, createCaller } from "./root";
export { type Access, type Context, type ContextOptions, createContext, type Meta, type Viewer } from "./trpc";

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
