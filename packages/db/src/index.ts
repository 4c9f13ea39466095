export { type CreateDbOptions, createDb, type Db, type DbHandle } from "./client";
export * from "./data/comments";
export * from "./data/likes";
export * from "./data/posts";
export * from "./data/users";
export { migrate } from "./migrate";
export { defaultDatabaseUrl, workspaceRoot } from "./paths";
export * as schema from "./schema";
export { DEMO_USER_EMAIL, seed, seedIfEmpty } from "./seed";
