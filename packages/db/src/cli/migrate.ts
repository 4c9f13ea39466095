import { createDb } from "../client";
import { migrate } from "../migrate";
import { defaultDatabaseUrl } from "../paths";

const url = process.env.DATABASE_URL || defaultDatabaseUrl();
const { db, close } = createDb(url);
migrate(db);
close();
console.log(`Migrated ${url}`);
