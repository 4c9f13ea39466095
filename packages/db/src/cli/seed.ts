import { openDatabase, redactUrl } from "../create-database";
import { defaultDatabaseUrl } from "../paths";
import { seedIfEmpty } from "../seed";

const url = process.env.DATABASE_URL || defaultDatabaseUrl();
const database = await openDatabase(url);
const seeded = await seedIfEmpty(database);
await database.close();
console.log(seeded ? `Seeded ${redactUrl(url)}` : `${redactUrl(url)} already has users; left as it is`);
