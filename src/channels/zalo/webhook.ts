// Zalo → us: the webhook handler mounted on the shared WebhookServer. It reads
// the raw body, checks `X-ZEvent-Signature` (SHA-256 of app_id + body +
// timestamp + OA secret key) in constant time, answers 200 at once, and then
// turns the event into the core's Inbound. Events of one user are handled in
// order; redeliveries are dropped by the core's unique (channel, messageId).
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ChatCore } from "../../chat/core.ts";
import type { Inbound } from "../../chat/types.ts";
import type { Db } from "../../db/client.ts";
import type { Logger } from "../../logger.ts";
import type { ZaloApi } from "./api.ts";
import { markUnreachable } from "./reachability.ts";
import { readTap, type ZaloSender } from "./sender.ts";
import { ZT } from "./texts.ts";

const MAX_BODY_BYTES = 1024 * 1024;

/** The body as Zalo documents it; everything optional because we must not trust it. */
export interface ZaloEvent {
  app_id?: string;
  event_name?: string;
  timestamp?: string | number;
  sender?: { id?: string };
  recipient?: { id?: string };
  follower?: { id?: string };
  user_id_by_app?: string;
  message?: {
    msg_id?: string;
    text?: string;
    attachments?: { type?: string; payload?: { url?: string; name?: string; thumbnail?: string; size?: string | number } }[];
  };
}

/** True when `header` ("mac=<hex>" or "<hex>") is SHA-256(appId + rawBody + timestamp + secret). */
export function verifyZaloSignature(rawBody: Buffer, header: string | undefined, appId: string, timestamp: string, secret: string): boolean {
  if (!header) return false;
  const given = header.trim().replace(/^mac=/i, "").toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  const expected = createHash("sha256")
    .update(Buffer.concat([Buffer.from(appId, "utf8"), rawBody, Buffer.from(timestamp, "utf8"), Buffer.from(secret, "utf8")]))
    .digest();
  return timingSafeEqual(expected, Buffer.from(given, "hex"));
}

/** The signature Zalo would send for this body (tests and the fake use it). */
export function signZaloEvent(rawBody: Buffer | string, appId: string, timestamp: string, secret: string): string {
  const body = typeof rawBody === "string" ? Buffer.from(rawBody, "utf8") : rawBody;
  return `mac=${createHash("sha256").update(Buffer.concat([Buffer.from(appId), body, Buffer.from(timestamp), Buffer.from(secret)])).digest("hex")}`;
}

function readRaw(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export interface ZaloWebhookDeps {
  appId: string;
  oaSecretKey: string;
  oaId: string;
  core: ChatCore;
  sender: ZaloSender;
  db: Db;
  logger: Logger;
  /** For display names of people who are not linked yet (best effort). */
  api?: ZaloApi;
  now?: () => Date;
}

export class ZaloWebhook {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly now: () => Date;

  constructor(private readonly deps: ZaloWebhookDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** The HTTP handler for WebhookServer.route(). */
  readonly handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readRaw(req);
    if (!raw) {
      res.writeHead(413).end();
      return;
    }
    let event: ZaloEvent;
    try {
      event = JSON.parse(raw.toString("utf8")) as ZaloEvent;
      if (!event || typeof event !== "object") throw new Error("not an object");
    } catch {
      res.writeHead(400, { "content-type": "text/plain" }).end("bad json");
      return;
    }
    const header = req.headers["x-zevent-signature"];
    const signature = Array.isArray(header) ? header[0] : header;
    if (!verifyZaloSignature(raw, signature, this.deps.appId, String(event.timestamp ?? ""), this.deps.oaSecretKey)) {
      this.deps.logger.warn({ event: event.event_name }, "Zalo webhook: bad signature, refused");
      res.writeHead(401, { "content-type": "text/plain" }).end("bad signature");
      return;
    }
    // Zalo wants an answer within 2 s and retries otherwise: answer first, work after.
    res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    const key = event.sender?.id ?? event.follower?.id ?? "";
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous
      .then(() => this.process(event))
      .catch((err: unknown) => this.deps.logger.error({ err, event: event.event_name }, "Zalo webhook: failed to process an event"));
    this.queues.set(key, next);
    void next.then(() => {
      if (this.queues.get(key) === next) this.queues.delete(key);
    });
  };

  /** Resolves once every accepted event has been processed (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.queues.size) await Promise.all([...this.queues.values()]);
  }

  private async process(event: ZaloEvent): Promise<void> {
    const name = event.event_name ?? "";
    const senderId = event.sender?.id;
    // The OA's own sends come back as events: never answer ourselves.
    if (name.startsWith("oa_send") || (senderId && senderId === this.deps.oaId)) return;
    if (name === "follow") return this.onFollow(event);
    if (name === "unfollow") return this.onUnfollow(event);
    if (!senderId || !name.startsWith("user_send_")) {
      this.deps.logger.debug({ event: name }, "Zalo webhook: event ignored");
      return;
    }
    const text = event.message?.text;
    const msgId = event.message?.msg_id;
    if (name === "user_send_text") {
      const tap = readTap(text);
      if (tap?.kind === "more") {
        if (await this.storeOnly(event, senderId, msgId, text ?? "")) await this.deps.sender.showPage(senderId, tap.setId, tap.page);
        return;
      }
      const inbound: Inbound = {
        channel: "zalo",
        senderId,
        ...(msgId ? { messageId: msgId } : {}),
        ...(tap ? { payload: tap.payload } : { text: text ?? "" }),
        raw: event,
      };
      return this.handle(inbound);
    }
    const attachments = (event.message?.attachments ?? [])
      .filter((a) => a.payload?.url)
      .map((a) => ({ type: a.type ?? name.replace("user_send_", ""), url: a.payload!.url!, ...(a.payload?.name ? { name: a.payload.name } : {}) }));
    await this.handle({
      channel: "zalo",
      senderId,
      ...(msgId ? { messageId: msgId } : {}),
      ...(text ? { text } : {}),
      ...(attachments.length ? { attachments } : {}),
      raw: event,
    });
  }

  private async handle(inbound: Inbound): Promise<void> {
    // Only a link attempt (a message with something like an 8-character invite code) needs her Zalo name.
    const linking = Boolean(inbound.text && /(^|\s)[A-Za-z0-9]{8}$/.test(inbound.text.trim()));
    const displayName = linking ? await this.displayName(inbound.senderId) : undefined;
    const replies = await this.deps.core.handle(displayName ? { ...inbound, displayName } : inbound);
    if (replies.length) await this.deps.sender.sendReplies(inbound.senderId, replies);
  }

  /** A not-yet-linked sender's Zalo name, so an invite without a name still gives a person a name. */
  private async displayName(userId: string): Promise<string | undefined> {
    if (!this.deps.api) return undefined;
    const linked = await this.deps.db.channelIdentity.findUnique({ where: { channel_externalId: { channel: "zalo", externalId: userId } } });
    if (linked) return undefined;
    try {
      const data = await this.deps.api.get<{ display_name?: string }>("/v3.0/oa/user/detail", { user_id: userId });
      return data.display_name || undefined;
    } catch (err) {
      this.deps.logger.debug({ err, userId }, "Zalo: profile lookup failed");
      return undefined;
    }
  }

  /** Stores an event the core does not see (page taps, follow/unfollow); false when it is a redelivery. */
  private async storeOnly(event: ZaloEvent, senderId: string, messageId: string | undefined, text: string | null): Promise<boolean> {
    try {
      await this.deps.db.inboundMessage.create({
        data: { channel: "zalo", senderId, messageId: messageId ?? null, text, raw: JSON.stringify(event), receivedAt: this.now(), handledAt: this.now() },
      });
      return true;
    } catch (err) {
      if ((err as { code?: string }).code === "P2002") return false;
      throw err;
    }
  }

  private async onFollow(event: ZaloEvent): Promise<void> {
    const userId = event.follower?.id ?? event.sender?.id;
    if (!userId) return;
    if (!(await this.storeOnly(event, userId, `follow:${userId}:${event.timestamp ?? ""}`, null))) return;
    const identity = await this.deps.db.channelIdentity.findUnique({
      where: { channel_externalId: { channel: "zalo", externalId: userId } },
      include: { person: true },
    });
    if (identity) {
      await this.deps.db.channelIdentity.update({ where: { id: identity.id }, data: { unreachableSince: null, unreachableReason: null } });
      await this.deps.sender.send(userId, { text: ZT.followBack(identity.person.fullName) });
      return;
    }
    await this.deps.sender.send(userId, { text: ZT.follow });
  }

  private async onUnfollow(event: ZaloEvent): Promise<void> {
    const userId = event.follower?.id ?? event.sender?.id;
    if (!userId) return;
    if (!(await this.storeOnly(event, userId, `unfollow:${userId}:${event.timestamp ?? ""}`, null))) return;
    // The OA can no longer write to her (Zalo would answer -213): say so where the coordinator looks.
    await markUnreachable(this.deps.db, "zalo", userId, "-213: unfollowed the OA", this.now());
  }
}
