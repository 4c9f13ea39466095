import { openDatabase, redactUrl } from "../create-database";
import { defaultDatabaseUrl } from "../paths";
import { DEMO_DATA_REFUSED, demoDataPolicy, demoDataWarning, seedDemoDataIfAllowed } from "../seed-policy";

// `pnpm db:seed` is a developer asking for demo data by name: without NODE_ENV it is their machine.
// Under any other NODE_ENV it is refused before the database is even opened.
const env = { NODE_ENV: "development", ...process.env };
if (demoDataPolicy(env) === "never") {
  console.error(DEMO_DATA_REFUSED);
  process.exit(1);
}

const url = process.env.DATABASE_URL || defaultDatabaseUrl();
const database = await openDatabase(url);
const { policy, seeded } = await seedDemoDataIfAllowed(database, env);
await database.close();
console.log(seeded ? `Seeded ${redactUrl(url)}` : `${redactUrl(url)} already has users; left as it is`);
if (policy === "seed-loudly") console.warn(demoDataWarning(seeded));
