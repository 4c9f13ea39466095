import { redactUrl } from "@trellis/validators/redact-url";
import { settingsOrExit } from "@trellis/validators/settings";
import { openDatabase } from "../create-database";
import { defaultDatabaseUrl } from "../paths";
import { DEMO_DATA_REFUSED, demoDataPolicy, demoDataWarning, seedDemoDataIfAllowed } from "../seed-policy";

// `pnpm db:seed` is a developer asking for demo data by name: without NODE_ENV it is their machine.
// Under any other NODE_ENV it is refused before the database is even opened.
const given = settingsOrExit("db:seed");
const config = { ...given, nodeEnv: given.nodeEnv ?? "development" };
if (demoDataPolicy(config) === "never") {
  console.error(DEMO_DATA_REFUSED);
  process.exit(1);
}

const url = config.databaseUrl ?? defaultDatabaseUrl();
const database = await openDatabase(url);
const { policy, seeded } = await seedDemoDataIfAllowed(database, config);
await database.close();
console.log(seeded ? `Seeded ${redactUrl(url)}` : `${redactUrl(url)} already has users; left as it is`);
if (policy === "seed-loudly") console.warn(demoDataWarning(seeded));
