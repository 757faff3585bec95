// Telegram channel (grammY): turns updates into the core's Inbound and the
// core's replies into Bot API calls. No conversation logic lives here.
import { autoRetry } from "@grammyjs/auto-retry";
import { Bot, GrammyError, HttpError, InlineKeyboard, InputFile, type Api, type Context } from "grammy";
import type { ChatCore } from "../../chat/core.ts";
import { splitText } from "../../chat/outbound.ts";
import type { Inbound, Outbound } from "../../chat/types.ts";
import type { Logger } from "../../logger.ts";

export const TELEGRAM_TEXT_LIMIT = 4096;

/** The command menu, with Vietnamese descriptions. */
export const BOT_COMMANDS = [
  { command: "nhiemvu", description: "Xem nhiệm vụ của tôi" },
  { command: "baocao", description: "Báo cáo kết quả (ví dụ: /baocao quý 1)" },
  { command: "capnhat", description: "Cập nhật nhanh: /capnhat <số> xong: <ghi chú>" },
  { command: "solieu", description: "Báo cáo số liệu chỉ tiêu: /solieu <số> 120/122" },
  { command: "tiep", description: "Tiếp tục phần báo cáo đang dở" },
  { command: "huy", description: "Dừng phần báo cáo đang làm" },
  { command: "nhacviec", description: "Xem tin nhắc việc sáng tới" },
  { command: "nghiphep", description: "Nghỉ phép, ủy quyền nhận nhắc việc" },
  { command: "tinhhinh", description: "Tình hình báo cáo (điều phối, lãnh đạo)" },
  { command: "tonghop", description: "Báo cáo tổng hợp của kỳ (điều phối, lãnh đạo)" },
  { command: "huongdan", description: "Hướng dẫn sử dụng" },
];

export interface TelegramDeps {
  core: ChatCore;
  logger: Logger;
  apiRoot?: string;
}

function displayName(ctx: Context): string | undefined {
  const from = ctx.from;
  if (!from) return undefined;
  return [from.first_name, from.last_name].filter(Boolean).join(" ") || from.username;
}

function keyboard(out: Outbound): InlineKeyboard | undefined {
  if (!out.buttons?.length) return undefined;
  const kb = new InlineKeyboard();
  out.buttons.forEach((row, i) => {
    if (i > 0) kb.row();
    for (const b of row) kb.text(b.label, b.payload);
  });
  return kb;
}

/** Sends the core's replies to one chat: long texts split, buttons on the last part, files after. */
export async function sendReplies(api: Api, chatId: number | string, replies: Outbound[]): Promise<void> {
  for (const out of replies) {
    const parts = splitText(out.text, TELEGRAM_TEXT_LIMIT);
    for (const [i, part] of parts.entries()) {
      const markup = i === parts.length - 1 ? keyboard(out) : undefined;
      await api.sendMessage(chatId, part, markup ? { reply_markup: markup } : {});
    }
    for (const file of out.files ?? []) {
      await api.sendDocument(chatId, new InputFile(file.data, file.name));
    }
  }
}

/** Builds the bot without starting it, so tests and main.ts choose polling or webhook. */
export function createTelegramBot(token: string, deps: TelegramDeps): Bot {
  const bot = new Bot(token, deps.apiRoot ? { client: { apiRoot: deps.apiRoot } } : {});
  // Flood limits: wait out 429s (retry_after) and transient network errors instead of failing.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 120 }));

  bot.on("callback_query:data", async (ctx) => {
    // Answer first so the button stops spinning; drop the keyboard so it cannot be tapped twice.
    await ctx.answerCallbackQuery().catch((err) => deps.logger.warn({ err }, "answerCallbackQuery failed"));
    if (ctx.callbackQuery.message) {
      await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
    }
    const msg: Inbound = {
      channel: "telegram",
      senderId: String(ctx.from.id),
      displayName: displayName(ctx),
      messageId: `cb:${ctx.callbackQuery.id}`,
      payload: ctx.callbackQuery.data,
      raw: ctx.update,
    };
    const replies = await deps.core.handle(msg);
    await sendReplies(ctx.api, ctx.chat?.id ?? ctx.from.id, replies);
  });

  bot.on("message", async (ctx) => {
    if (ctx.chat.type !== "private") return; // the bot talks to officers one by one
    const m = ctx.message;
    const text = m.text ?? m.caption;
    const attachments = m.document
      ? [{ type: "file", url: `tg-file:${m.document.file_id}`, ...(m.document.file_name ? { name: m.document.file_name } : {}) }]
      : m.photo?.length
        ? [{ type: "image", url: `tg-file:${m.photo[m.photo.length - 1]!.file_id}` }]
        : undefined;
    const msg: Inbound = {
      channel: "telegram",
      senderId: String(ctx.from.id),
      displayName: displayName(ctx),
      messageId: `${ctx.chat.id}:${m.message_id}`,
      ...(text !== undefined ? { text } : {}),
      ...(attachments ? { attachments } : {}),
      raw: ctx.update,
    };
    const replies = await deps.core.handle(msg);
    await sendReplies(ctx.api, ctx.chat.id, replies);
  });

  // One boundary for every update: log it with the update, never crash the loop.
  bot.catch((err) => {
    const e = err.error;
    const kind = e instanceof GrammyError ? "telegram" : e instanceof HttpError ? "network" : "handler";
    deps.logger.error({ err: e, kind, update: err.ctx.update }, "error while handling a Telegram update");
  });
  return bot;
}

export async function registerCommands(bot: Bot): Promise<void> {
  await bot.api.setMyCommands(BOT_COMMANDS);
}
