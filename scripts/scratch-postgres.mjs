// A throwaway database on a Postgres server, for one e2e run: created empty,
// dropped afterwards, so runs never see each other's rows.
import { randomBytes } from "node:crypto";

import postgres from "postgres";

/**
 * @param {string} serverUrl any database on the server (e.g. TEST_DATABASE_URL)
 * @param {string} prefix
 * @returns {Promise<{ url: string; drop: () => Promise<void> }>}
 */
export async function createScratchDatabase(serverUrl, prefix) {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  // The name is ours and hex only; CREATE DATABASE takes no parameters.
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
