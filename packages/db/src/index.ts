export { createDatabase, openDatabase, redactUrl } from "./create-database";
export type { CommentView, DataLayer, LikeState, PostView, User } from "./data/types";
export type { Database, DatabaseOptions } from "./database";
export { type Dialect, dialectOf } from "./dialect";
export { defaultDatabaseUrl, workspaceRoot } from "./paths";
export { type Role, roles } from "./schema";
export { buildSeed, DEMO_USER_EMAIL, seedIfEmpty } from "./seed";
