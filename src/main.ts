// Entry point: wiring and shutdown only. With Telegram and/or Zalo configured it
// runs the bot(s), the webhook server and the morning reminders; with neither it
// opens the terminal chat on the embedded database.
import { parseArgs } from "node:util";
import { runConsole } from "./channels/console/chat.ts";
import { startTelegram, type RunningBot } from "./channels/telegram/run.ts";
import { startZalo, type RunningZalo } from "./channels/zalo/run.ts";
import { ChatCore } from "./chat/core.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { openDatabase } from "./db/client.ts";
import { createLogger } from "./logger.ts";
import { UserError } from "./offices.ts";
import { startReminders } from "./reminders/scheduler.ts";
import { telegramDispatch } from "./reminders/telegram.ts";
import { WebhookServer } from "./server.ts";

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      as: { type: "string" },
      today: { type: "string" },
      office: { type: "string" },
      console: { type: "boolean", default: false },
    },
    strict: true,
  });
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const db = openDatabase(config.databaseUrl);

  if ((!config.telegram && !config.zalo) || values.console) {
    try {
      await runConsole({
        db,
        input: process.stdin,
        output: process.stdout,
        defaultTimezone: config.defaultTimezone,
        ...(values.as ? { as: values.as } : {}),
        ...(values.today ? { today: values.today } : {}),
        ...(values.office ? { office: values.office } : {}),
      });
    } finally {
      await db.$disconnect();
    }
    return;
  }

  const core = new ChatCore({ db, logger });
  const server = new WebhookServer(logger);
  // Routes are registered before the server listens: nothing is accepted before the bots are ready.
  const bot: RunningBot | null = config.telegram ? await startTelegram(config.telegram, { core, logger, server }) : null;
  const telegramOut = config.telegram ? telegramDispatch(config.telegram.token, config.telegram.apiRoot) : null;
  const zalo: RunningZalo | null = config.zalo
    ? await startZalo(config.zalo, { core, logger, server, db, ...(telegramOut ? { fallback: telegramOut.sender } : {}) })
    : null;
  if (config.telegram?.mode === "webhook" || zalo) {
    const port = await server.listen(config.http.port, config.http.host);
    logger.info({ port }, "webhook server listening");
  }
  const reminders = startReminders({
    db,
    logger,
    ...(telegramOut ? { telegram: telegramOut } : {}),
    ...(zalo ? { senders: { zalo: zalo.sender } } : {}),
  });
  const channels = [bot ? `Telegram @${bot.username}` : null, zalo ? "Zalo OA" : null].filter(Boolean).join(" và ");
  console.log(`cchc-bot đang chạy với ${channels}. Nhấn Ctrl+C để dừng.`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    await reminders.stop().catch((err: unknown) => logger.error({ err }, "reminders stop failed"));
    await bot?.stop().catch((err: unknown) => logger.error({ err }, "bot stop failed"));
    await server.close();
    await zalo?.stop().catch((err: unknown) => logger.error({ err }, "zalo stop failed"));
    await db.$disconnect();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof UserError) {
    console.error(err.message);
    process.exit(1);
  }
  console.error(err);
  process.exit(2);
});
