// The Telegram side of the dispatcher: a grammY Api WITHOUT autoRetry (the
// dispatcher paces sends itself and honours retry_after), and Telegram's limit
// of about 30 messages per second across chats.
import { Api } from "grammy";
import { TelegramSender } from "../channels/telegram/sender.ts";
import { RateLimiter } from "./outbox.ts";

/** A little under Telegram's ~30 messages/s, so network jitter does not trip the limit. */
export const TELEGRAM_MESSAGES_PER_SECOND = 29;

export function telegramDispatch(token: string, apiRoot?: string, perSecond = TELEGRAM_MESSAGES_PER_SECOND) {
  const api = new Api(token, apiRoot ? { apiRoot } : undefined);
  return { sender: new TelegramSender(api), limiter: new RateLimiter(perSecond) };
}
