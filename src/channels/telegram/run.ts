// Starts the Telegram bot in the configured mode and returns how to stop it.
import { webhookCallback } from "grammy";
import type { ChatCore } from "../../chat/core.ts";
import type { TelegramConfig } from "../../config.ts";
import type { Logger } from "../../logger.ts";
import type { WebhookServer } from "../../server.ts";
import { createTelegramBot, registerCommands } from "./bot.ts";

const ALLOWED_UPDATES = ["message", "callback_query"] as const;

export interface RunningBot {
  username: string;
  stop(): Promise<void>;
}

export async function startTelegram(
  config: TelegramConfig,
  deps: { core: ChatCore; logger: Logger; server: WebhookServer },
): Promise<RunningBot> {
  const bot = createTelegramBot(config.token, { core: deps.core, logger: deps.logger, apiRoot: config.apiRoot });
  // init() fetches getMe, so nothing is accepted before the bot knows who it is.
  await bot.init();
  await registerCommands(bot);
  if (config.mode === "webhook") {
    const path = new URL(config.webhookUrl).pathname || "/";
    deps.server.route(path, webhookCallback(bot, "http", { secretToken: config.secret }));
    await bot.api.setWebhook(config.webhookUrl, { secret_token: config.secret, allowed_updates: [...ALLOWED_UPDATES] });
    deps.logger.info({ username: bot.botInfo.username, path }, "Telegram: webhook mode");
    return { username: bot.botInfo.username, stop: async () => undefined };
  }
  // bot.start() removes any webhook itself before polling.
  let done: Promise<void> = Promise.resolve();
  await new Promise<void>((resolve) => {
    done = bot.start({ allowed_updates: [...ALLOWED_UPDATES], onStart: () => resolve() });
  });
  deps.logger.info({ username: bot.botInfo.username }, "Telegram: long polling");
  return {
    username: bot.botInfo.username,
    stop: async () => {
      await bot.stop();
      await done;
    },
  };
}
