// npm run bench: runs every bench/*.ts except this one (helpers live in bench/lib/), one after another, each
// in its own process (so peak-memory numbers do not mix). Exit code 1 when any
// benchmark misses its target or fails.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";

const dir = import.meta.dirname;
const self = path.basename(import.meta.filename);
const only = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && f !== self)
  .filter((f) => !only.length || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
for (const file of benches) {
  console.log(`\n=== bench/${file} ===`);
  const res = spawnSync(process.execPath, ["--import", "tsx", path.join(dir, file)], { stdio: "inherit", cwd: path.join(dir, "..") });
  if (res.status !== 0) {
    failed++;
    console.log(`(bench/${file} kết thúc với mã ${res.status ?? res.signal})`);
  }
}
process.exitCode = failed ? 1 : 0;
