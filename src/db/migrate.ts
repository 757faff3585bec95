// Applies the committed Prisma migrations (prisma/migrations/*/migration.sql)
// at start-up, so a fresh clone needs no manual database step. It keeps
// Prisma's own bookkeeping table, so `prisma migrate status` agrees with it.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type Database from "better-sqlite3";

export const MIGRATIONS_DIR = path.join(import.meta.dirname, "..", "..", "prisma", "migrations");

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/** Applies pending migrations; returns the names applied. Each runs in its own transaction. */
export function migrateSqlite(db: Database.Database, dir = MIGRATIONS_DIR): string[] {
  db.exec(BOOKKEEPING);
  const applied = new Map(
    (
      db
        .prepare(`SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`)
        .all() as { migration_name: string; checksum: string }[]
    ).map((r) => [r.migration_name, r.checksum]),
  );
  const done: string[] = [];
  // SQLite migrations redefine tables (create new, copy, DROP old, rename). With foreign keys on,
  // that DROP would cascade-delete every child row, and PRAGMA foreign_keys cannot change inside
  // a transaction: switch it off around the migrations and check the keys before each commit.
  const fkWasOn = Boolean(db.pragma("foreign_keys", { simple: true }));
  db.pragma("foreign_keys = OFF");
  try {
    for (const m of listMigrations(dir)) {
      const previous = applied.get(m.name);
      if (previous !== undefined) {
        if (previous !== m.checksum) {
          throw new Error(
            `Migration ${m.name} đã được áp dụng nhưng tệp migration.sql đã bị sửa sau đó. Hãy khôi phục tệp gốc.`,
          );
        }
        continue;
      }
      const started = new Date().toISOString();
      db.transaction(() => {
        db.exec(m.sql);
        const broken = db.pragma("foreign_key_check") as unknown[];
        if (broken.length) throw new Error(`Migration ${m.name} để lại ${broken.length} khóa ngoại không hợp lệ.`);
        db.prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
        ).run(randomUUID(), m.checksum, new Date().toISOString(), m.name, started);
      })();
      done.push(m.name);
    }
  } finally {
    if (fkWasOn) db.pragma("foreign_keys = ON");
  }
  return done;
}
