import { cpSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { listMigrations, migrateSqlite, MIGRATIONS_DIR } from "../src/db/migrate.ts";
import { createTestDb } from "./helpers/db.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), "cchc-mig-"));
  dirs.push(d);
  return d;
}

describe("migrations", () => {
  it("applies every committed migration once, with Prisma's bookkeeping", () => {
    const db = new Database(path.join(tempDir(), "a.db"));
    const first = migrateSqlite(db);
    expect(first).toEqual(listMigrations().map((m) => m.name));
    expect(first.length).toBeGreaterThan(0);
    expect(migrateSqlite(db)).toEqual([]);
    const rows = db.prepare(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"`).all() as {
      migration_name: string;
      checksum: string;
      finished_at: string | null;
    }[];
    expect(rows.map((r) => r.migration_name)).toEqual(first);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.checksum) && r.finished_at)).toBe(true);
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type='table'`).all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(["Office", "Task", "Milestone", "ProgressEntry", "ReminderDelivery"]));
    db.close();
  });

  it("refuses to run when an applied migration was edited", () => {
    const dir = tempDir();
    cpSync(MIGRATIONS_DIR, path.join(dir, "migrations"), { recursive: true });
    const db = new Database(path.join(dir, "b.db"));
    migrateSqlite(db, path.join(dir, "migrations"));
    const first = listMigrations(path.join(dir, "migrations"))[0]!;
    appendFileSync(path.join(dir, "migrations", first.name, "migration.sql"), "\n-- edited\n");
    expect(() => migrateSqlite(db, path.join(dir, "migrations"))).toThrow(first.name);
    db.close();
  });

  it("rolls back a failing migration and records nothing for it", () => {
    const dir = tempDir();
    cpSync(MIGRATIONS_DIR, path.join(dir, "migrations"), { recursive: true });
    const broken = path.join(dir, "migrations", "99999999999999_broken");
    cpSync(path.join(dir, "migrations", listMigrations(path.join(dir, "migrations"))[0]!.name), broken, { recursive: true });
    writeFileSync(path.join(broken, "migration.sql"), `CREATE TABLE "Extra" ("id" INTEGER);\nTHIS IS NOT SQL;`);
    const db = new Database(path.join(dir, "c.db"));
    expect(() => migrateSqlite(db, path.join(dir, "migrations"))).toThrow();
    const names = (db.prepare(`SELECT migration_name FROM "_prisma_migrations"`).all() as { migration_name: string }[]).map((r) => r.migration_name);
    expect(names).not.toContain("99999999999999_broken");
    const extra = db.prepare(`SELECT name FROM sqlite_master WHERE name='Extra'`).get();
    expect(extra).toBeUndefined();
    db.close();
  });

  it("gives a working Prisma client on a fresh file", async () => {
    const t = createTestDb();
    try {
      const office = await t.db.office.create({ data: { name: "UBND xã Thử" } });
      expect(office.periodRule).toBe("decree09");
      expect(office.timezone).toBe("Asia/Ho_Chi_Minh");
    } finally {
      await t.close();
    }
  });
});

describe("migrations on a database with data", () => {
  it("redefining a parent table keeps every child row", () => {
    const dir = tempDir();
    const all = listMigrations();
    const firstOnly = path.join(dir, "first");
    cpSync(path.join(MIGRATIONS_DIR, all[0]!.name), path.join(firstOnly, all[0]!.name), { recursive: true });
    const db = new Database(path.join(dir, "d.db"));
    db.pragma("foreign_keys = ON");
    migrateSqlite(db, firstOnly);
    db.prepare(`INSERT INTO "Office" (name, updatedAt) VALUES ('UBND xã Thử', CURRENT_TIMESTAMP)`).run();
    db.prepare(`INSERT INTO "OfficerTitle" (officeId, name) VALUES (1, 'Tư pháp - Hộ tịch')`).run();
    db.prepare(`INSERT INTO "Plan" (officeId, year, updatedAt) VALUES (1, 2024, CURRENT_TIMESTAMP)`).run();
    migrateSqlite(db);
    expect(db.prepare(`SELECT count(*) AS n FROM "OfficerTitle"`).get()).toEqual({ n: 1 });
    expect(db.prepare(`SELECT count(*) AS n FROM "Plan"`).get()).toEqual({ n: 1 });
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    db.close();
  });
});
