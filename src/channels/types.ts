// What the reminder dispatcher needs from a chat platform: send one message to
// one linked account, and say plainly how it went.
import type { Outbound } from "../chat/types.ts";

export type SendResult =
  | { ok: true; messageId?: string }
  /** unreachable: this account cannot get messages now (blocked the bot, left, outside Zalo's window…). */
  | { ok: false; kind: "unreachable"; reason: string }
  /** retry: a passing problem (rate limit, network, 5xx); try again later. */
  | { ok: false; kind: "retry"; reason: string; retryAfterMs?: number }
  /** failed: our request was refused (a bug or bad data); retrying will not help. */
  | { ok: false; kind: "failed"; reason: string };

export interface ChannelSender {
  readonly channel: "telegram" | "zalo";
  send(externalId: string, message: Outbound): Promise<SendResult>;
}
