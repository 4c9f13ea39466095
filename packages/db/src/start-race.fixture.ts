// One process's start, for start-race tests: open (migrate) the database DATABASE_URL
// names, seed it if empty, and print whether this process seeded it.
import { openDatabase } from "./create-database";
import { seedIfEmpty } from "./seed";

// Loaded; now wait for the moment every process was given, so they open the file together.
await new Promise((resolve) => setTimeout(resolve, Number(process.env.START_AT) - Date.now()));
const database = await openDatabase(process.env.DATABASE_URL ?? "");
const seeded = await seedIfEmpty(database);
await database.close();
console.log(JSON.stringify({ seeded }));
