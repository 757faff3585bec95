#!/usr/bin/env node
// Runs the Prisma CLI offline. PRISMA_QUERY_ENGINE_LIBRARY must name an existing
// file, or the CLI tries to download a query-engine library it never uses with
// the JavaScript engine (README, "Troubleshooting").
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const env = { ...process.env };
if (!env.PRISMA_QUERY_ENGINE_LIBRARY || !existsSync(env.PRISMA_QUERY_ENGINE_LIBRARY)) {
  env.PRISMA_QUERY_ENGINE_LIBRARY = fileURLToPath(new URL("./schema.prisma", import.meta.url));
}
env.DATABASE_URL ??= "file:./data/cchc.db";
const require = createRequire(import.meta.url);
const cli = require.resolve("prisma/build/index.js");
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], {
  stdio: "inherit",
  env,
  cwd: `${here}..`,
});
process.exit(result.status ?? 1);
