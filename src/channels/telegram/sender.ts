// Sends reminders through the Bot API and classifies failures for the dispatcher.
import { GrammyError, HttpError, type Api } from "grammy";
import type { Outbound } from "../../chat/types.ts";
import type { ChannelSender, SendResult } from "../types.ts";
import { sendReplies } from "./bot.ts";

export function classifyTelegramError(err: unknown): SendResult & { ok: false } {
  if (err instanceof GrammyError) {
    const reason = `${err.error_code}: ${err.description}`;
    if (err.error_code === 429) return { ok: false, kind: "retry", reason, retryAfterMs: (err.parameters.retry_after ?? 1) * 1000 };
    if (err.error_code === 403) return { ok: false, kind: "unreachable", reason };
    if (err.error_code === 400 && /chat not found|user is deactivated|bot was blocked/i.test(err.description)) {
      return { ok: false, kind: "unreachable", reason };
    }
    if (err.error_code >= 500) return { ok: false, kind: "retry", reason };
    return { ok: false, kind: "failed", reason };
  }
  if (err instanceof HttpError) return { ok: false, kind: "retry", reason: `network: ${String(err.error)}` };
  return { ok: false, kind: "retry", reason: String(err) };
}

export class TelegramSender implements ChannelSender {
  readonly channel = "telegram" as const;

  /** `api` should not auto-retry 429s: the dispatcher paces sends and schedules retries itself. */
  constructor(private readonly api: Api) {}

  async send(externalId: string, message: Outbound): Promise<SendResult> {
    try {
      await sendReplies(this.api, Number(externalId), [message]);
      return { ok: true };
    } catch (err) {
      return classifyTelegramError(err);
    }
  }
}
