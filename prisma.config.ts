// Prisma CLI configuration. The CLI runs on the JavaScript engine with the
// better-sqlite3 driver adapter, so nothing has to be downloaded at run time
// (see README, "Troubleshooting").
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  engine: "js",
  experimental: { adapter: true },
  async adapter() {
    return new PrismaBetterSQLite3({ url: process.env.DATABASE_URL ?? "file:./data/cchc.db" });
  },
});
