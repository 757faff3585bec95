// Starts the Zalo OA channel: the token manager, the API client, the sender
// and the webhook route on the shared server. Nothing here talks to Zalo at
// start-up beyond checking the stored token, so a missing authorisation is an
// operator alert, not a crash: `npm run zalo -- authorize` fixes it live.
import type { ChatCore } from "../../chat/core.ts";
import type { Outbound } from "../../chat/types.ts";
import type { ZaloConfig } from "../../config.ts";
import type { Db } from "../../db/client.ts";
import type { Logger } from "../../logger.ts";
import type { WebhookServer } from "../../server.ts";
import type { ChannelSender } from "../types.ts";
import { ZaloApi, ZaloOAuth } from "./api.ts";
import { markUnreachable, notifyAdmins, sendToPerson, type PersonDelivery } from "./reachability.ts";
import { ZaloSender } from "./sender.ts";
import { ZaloTokenManager } from "./tokens.ts";
import { ZaloWebhook } from "./webhook.ts";

export interface ZaloDeps {
  core: ChatCore;
  logger: Logger;
  server: WebhookServer;
  db: Db;
  /** The other channel (Telegram): where a person goes when Zalo refuses her, and where admins hear about a dead token. */
  fallback?: ChannelSender;
  now?: () => Date;
  /** Tuning for tests. */
  tuning?: { rateLimitBackoffMs?: number; pollMs?: number; tokenCheckEveryMs?: number };
}

export interface RunningZalo {
  sender: ZaloSender;
  tokens: ZaloTokenManager;
  webhook: ZaloWebhook;
  /** Sends once to a person, on her preferred channel, falling back when Zalo refuses her. */
  sendToPerson(personId: number, message: Outbound): Promise<PersonDelivery>;
  stop(): Promise<void>;
}

export async function startZalo(config: ZaloConfig, deps: ZaloDeps): Promise<RunningZalo> {
  const now = deps.now ?? (() => new Date());
  const log = deps.logger.child({ channel: "zalo" });
  const oauth = new ZaloOAuth({ oauthBase: config.oauthBase, appId: config.appId, appSecret: config.appSecret });
  const senders = () => ({ ...(deps.fallback ? { [deps.fallback.channel]: deps.fallback } : {}) });
  const tokens = new ZaloTokenManager({
    db: deps.db,
    oauth,
    oaId: config.oaId,
    logger: log,
    now,
    ...(config.bootstrapRefreshToken ? { bootstrapRefreshToken: config.bootstrapRefreshToken } : {}),
    ...(deps.tuning?.pollMs ? { pollMs: deps.tuning.pollMs } : {}),
    // Zalo itself is what broke, so the admins hear about it on the other channel.
    onDead: async (text) => {
      const reached = await notifyAdmins(deps.db, senders(), text, now());
      if (!reached) log.error("Zalo: no admin or coordinator could be told about the dead token (no other channel linked)");
    },
  });
  const api = new ZaloApi({
    apiBase: config.apiBase,
    tokens,
    logger: log,
    ...(deps.tuning?.rateLimitBackoffMs !== undefined ? { rateLimitBackoffMs: deps.tuning.rateLimitBackoffMs } : {}),
  });
  const sender = new ZaloSender(api, {
    logger: log,
    onUnreachable: (userId, reason) => markUnreachable(deps.db, "zalo", userId, reason, now()),
  });
  const webhook = new ZaloWebhook({
    appId: config.appId,
    oaSecretKey: config.oaSecretKey,
    oaId: config.oaId,
    core: deps.core,
    sender,
    db: deps.db,
    logger: log,
    api,
    now,
  });
  deps.server.route(config.webhookPath, webhook.handler);

  // Keep the pair alive even on quiet days: refresh tokens die after ~3 months unused.
  const check = () =>
    tokens.getAccessToken().then(
      () => undefined,
      (err: unknown) => log.warn({ err: (err as Error).message }, "Zalo: no usable access token"),
    );
  await check();
  const timer = setInterval(() => void check(), deps.tuning?.tokenCheckEveryMs ?? 3600_000);
  timer.unref();
  log.info({ path: config.webhookPath, oaId: config.oaId }, "Zalo: webhook route ready");

  return {
    sender,
    tokens,
    webhook,
    sendToPerson: (personId, message) => sendToPerson(deps.db, { zalo: sender, ...senders() }, personId, message, now()),
    stop: async () => {
      clearInterval(timer);
      await webhook.idle();
    },
  };
}
