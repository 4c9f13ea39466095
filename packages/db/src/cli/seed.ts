import { openDatabase, redactUrl } from "../create-database";
import { defaultDatabaseUrl } from "../paths";
import { DEMO_DATA_REFUSED, demoDataPolicy, demoDataWarning, seedDemoDataIfAllowed } from "../seed-policy";

// Refused before the database is even opened: a production database is not touched at all.
if (demoDataPolicy(process.env) === "never") {
  console.error(DEMO_DATA_REFUSED);
  process.exit(1);
}

const url = process.env.DATABASE_URL || defaultDatabaseUrl();
const database = await openDatabase(url);
const { policy, seeded } = await seedDemoDataIfAllowed(database, process.env);
await database.close();
console.log(seeded ? `Seeded ${redactUrl(url)}` : `${redactUrl(url)} already has users; left as it is`);
if (policy === "seed-loudly") console.warn(demoDataWarning(seeded));
