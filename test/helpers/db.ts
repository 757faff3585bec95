// A fresh, migrated SQLite database per test file, in the system temp folder.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase, type Db } from "../../src/db/client.ts";

export interface TestDb {
  db: Db;
  url: string;
  dir: string;
  close(): Promise<void>;
}

export function createTestDb(): TestDb {
  const dir = mkdtempSync(path.join(tmpdir(), "cchc-test-"));
  const url = `file:${path.join(dir, "test.db")}`;
  const db = openDatabase(url);
  return {
    db,
    url,
    dir,
    async close() {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
