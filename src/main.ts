// Entry point: wiring and shutdown only. With a Telegram token it runs the bot;
// without one it opens the terminal chat on the embedded database.
import { parseArgs } from "node:util";
import { runConsole } from "./channels/console/chat.ts";
import { startTelegram, type RunningBot } from "./channels/telegram/run.ts";
import { ChatCore } from "./chat/core.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { openDatabase } from "./db/client.ts";
import { createLogger } from "./logger.ts";
import { UserError } from "./offices.ts";
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

  if (!config.telegram || values.console) {
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
  const needsServer = config.telegram.mode === "webhook";
  let bot: RunningBot | null = null;
  if (needsServer) {
    // Routes first, then listen: start the server only once the bot is initialised.
    bot = await startTelegram(config.telegram, { core, logger, server });
    const port = await server.listen(config.http.port, config.http.host);
    logger.info({ port }, "webhook server listening");
  } else {
    bot = await startTelegram(config.telegram, { core, logger, server });
  }
  console.log(`cchc-bot đang chạy với Telegram @${bot.username}. Nhấn Ctrl+C để dừng.`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    await bot?.stop().catch((err: unknown) => logger.error({ err }, "bot stop failed"));
    await server.close();
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
