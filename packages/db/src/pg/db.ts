import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";

import type * as schema from "../schema/pg";

/** Any Drizzle Postgres client on this schema: postgres.js in production, PGlite in tests. */
export type PgDb = PgDatabase<PgQueryResultHKT, typeof schema>;

/** What a transaction callback gets: the same query surface, bound to the transaction. */
export type PgTx = Parameters<Parameters<PgDb["transaction"]>[0]>[0];
