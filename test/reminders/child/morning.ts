// The morning job as a separate process, for the kill-and-restart test:
// plan + outbox for every due office, then drain the outbox to the Bot API at
// TELEGRAM_API_ROOT. The clock is the real one shifted by CLOCK_OFFSET_MS, so a
// restarted process shares the dead one's timeline (leases expire for real).
import { openDatabase } from "../../../src/db/client.ts";
import { Dispatcher } from "../../../src/reminders/outbox.ts";
import { runMorning } from "../../../src/reminders/scheduler.ts";
import { telegramDispatch } from "../../../src/reminders/telegram.ts";

const env = process.env;
const offset = Number(env.CLOCK_OFFSET_MS ?? 0);
const now = () => new Date(Date.now() + offset);
const db = openDatabase(env.DATABASE_URL!);
const planned = await runMorning(db, { now: now() });
console.log(JSON.stringify({ planned }));
const { sender, limiter } = telegramDispatch(env.TELEGRAM_TOKEN!, env.TELEGRAM_API_ROOT!);
const dispatcher = new Dispatcher({
  db,
  senders: { telegram: sender },
  limiters: { telegram: limiter },
  leaseMs: Number(env.LEASE_MS ?? 60_000),
  batchSize: 10,
  now,
});
const stats = await dispatcher.drain();
console.log(JSON.stringify({ stats }));
await db.$disconnect();
process.exit(0);
