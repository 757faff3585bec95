// Creates the Prisma client on the embedded SQLite database, after applying
// migrations. PostgreSQL is the path for large deployments (README).
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client.ts";
import { migrateSqlite } from "./migrate.ts";

export type Db = PrismaClient;

export const PROJECT_ROOT = path.join(import.meta.dirname, "..", "..");

/** "file:./data/cchc.db" → absolute path; relative paths are taken from the project root. */
export function sqlitePath(databaseUrl: string): string {
  const raw = databaseUrl.replace(/^file:/, "").split("?")[0]!;
  if (raw === ":memory:") throw new Error("SQLite trong bộ nhớ không dùng được: mỗi kết nối sẽ thấy một CSDL khác.");
  return path.isAbsolute(raw) ? raw : path.join(PROJECT_ROOT, raw);
}

/** Opens (creating if needed) the database, applies pending migrations and returns the client. */
export function openDatabase(databaseUrl: string): Db {
  if (!databaseUrl.startsWith("file:")) {
    throw new Error(
      "Bản này mới chạy trên SQLite (DATABASE_URL=file:...). PostgreSQL sẽ được hỗ trợ ở bản sau; xem README.",
    );
  }
  const file = sqlitePath(databaseUrl);
  mkdirSync(path.dirname(file), { recursive: true });
  const raw = new Database(file);
  try {
    raw.pragma("journal_mode = WAL");
    raw.pragma("foreign_keys = ON");
    migrateSqlite(raw);
  } finally {
    raw.close();
  }
  const adapter = new PrismaBetterSQLite3({ url: `file:${file}` });
  return new PrismaClient({ adapter });
}
