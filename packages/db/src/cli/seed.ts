import { createDb } from "../client";
import { migrate } from "../migrate";
import { defaultDatabaseUrl } from "../paths";
import { seedIfEmpty } from "../seed";

const url = process.env.DATABASE_URL || defaultDatabaseUrl();
const { db, close } = createDb(url);
migrate(db);
const seeded = seedIfEmpty(db);
close();
console.log(seeded ? `Seeded ${url}` : `${url} already has users; left as it is`);
