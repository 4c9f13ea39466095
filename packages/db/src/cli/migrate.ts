import { openDatabase, redactUrl } from "../create-database";
import { defaultDatabaseUrl } from "../paths";

const url = process.env.DATABASE_URL || defaultDatabaseUrl();
const database = await openDatabase(url);
await database.close();
console.log(`Migrated ${redactUrl(url)} (${database.dialect})`);
