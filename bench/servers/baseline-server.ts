/**
 * The bare baseline: node:http and better-sqlite3 running the feed's own SQL
 * (captured from the data layer, parameters and all), rows to JSON. No
 * framework, no validation, no auth: the ceiling the others are measured
 * against. PORT picks the port; DATABASE_URL is a file: URL.
 */
import { createServer } from "node:http";

import { openDatabase } from "@trellis/db";
import { loadSqliteDriver } from "@trellis/db/sqlite/driver";

const url = process.env.DATABASE_URL ?? "";
let captured: { sql: string; params: unknown[] } | undefined;
let capturing = false; // not the migrations' statements: the feed's
const viaDrizzle = await openDatabase(url, {
  onQuery: (sql, params) => {
    if (capturing) captured ??= { sql, params };
  },
});
capturing = true;
await viaDrizzle.data.posts.list({ viewerId: null, limit: 20 });
await viaDrizzle.close();
if (!captured) throw new Error("the feed ran no SQL");

const Driver = loadSqliteDriver();
const db = new Driver(url.replace(/^file:/, ""), { readonly: true });
const feed = db.prepare(captured.sql);
const params = captured.params;
createServer((_req, res) => {
  const body = JSON.stringify(feed.all(...params));
  res.writeHead(200, { "content-type": "application/json" }).end(body);
}).listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready"));
