import { migrateDatabase } from "../create-database";
import { defaultDatabaseUrl } from "../paths";

console.log(await migrateDatabase(process.env.DATABASE_URL || defaultDatabaseUrl()));
