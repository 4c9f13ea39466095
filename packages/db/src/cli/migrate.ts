import { settingsOrExit } from "@trellis/validators/settings";

import { migrateDatabase } from "../create-database";
import { defaultDatabaseUrl } from "../paths";

console.log(await migrateDatabase(settingsOrExit("migrate").databaseUrl ?? defaultDatabaseUrl()));
