// Entry point: configuration, database, then what the configuration asks for.
import { ConfigError, loadConfig } from "./config.ts";
import { openDatabase } from "./db/client.ts";

async function main(): Promise<void> {
  const config = loadConfig();
  const db = openDatabase(config.databaseUrl);
  try {
    const offices = await db.office.findMany({ include: { plans: { select: { year: true } } }, orderBy: { name: "asc" } });
    console.log("cchc-bot: cơ sở dữ liệu đã sẵn sàng.");
    if (!offices.length) {
      console.log('Chưa có kế hoạch nào. Nhập kế hoạch: npm run import -- <tệp .docx> --office "UBND xã …"');
    } else {
      for (const o of offices) console.log(`- ${o.name}: kế hoạch năm ${o.plans.map((p) => p.year).join(", ") || "(chưa có)"}`);
    }
  } finally {
    await db.$disconnect();
  }
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  console.error(err);
  process.exit(2);
});
