import { accountRouter } from "./routers/account";
import { adminRouter } from "./routers/admin";
import { apiTokenRouter } from "./routers/api-token";
import { commentRouter } from "./routers/comment";
import { likeRouter } from "./routers/like";
import { passkeyRouter } from "./routers/passkey";
import { postRouter } from "./routers/post";
import { twoFactorRouter } from "./routers/two-factor";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  account: accountRouter,
  admin: adminRouter,
  apiToken: apiTokenRouter,
  passkey: passkeyRouter,
  post: postRouter,
  comment: commentRouter,
  like: likeRouter,
  twoFactor: twoFactorRouter,
});

/** The one type every client (web, typed client, tests) is checked against. */
export type AppRouter = typeof appRouter;

/** Calls procedures in-process, e.g. `createCaller(ctx).account.me()`: for server components and tests. */
export const createCaller = createCallerFactory(appRouter);
