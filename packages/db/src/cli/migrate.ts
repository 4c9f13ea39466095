import { settingsOrExit } from "@trellis/validators/settings";

import { openDatabase, redactUrl } from "../create-database";
import { defaultDatabaseUrl } from "../paths";

const url = settingsOrExit("migrate").databaseUrl ?? defaultDatabaseUrl();
const database = await openDatabase(url);
await database.close();
console.log(`Migrated ${redactUrl(url)} (${database.dialect})`);
