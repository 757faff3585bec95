// The reminder outbox and its dispatcher.
//
// A reminder is a ReminderDelivery row with the identity (office, person, day,
// kind). It is written before anything is sent; the unique key makes a re-plan,
// a restart or a second instance a no-op. Rows move:
//
//   pending ──claim (lease)──▶ sending ──▶ sent
//      ▲                          │ ├──▶ pending (retry later, exponential backoff)
//      └──────────────────────────┘ ├──▶ unreachable (no linked channel took it)
//                                   └──▶ failed (refused; retrying will not help)
//   sending, lease expired ──▶ unconfirmed   (see below)
//   pending, day already past ──▶ expired
//
// Exactly once, and the trade-off: a row is marked "sending" BEFORE the HTTP call
// and "sent" after it. If the process dies in between we cannot know whether the
// chat platform delivered the message (the request may have reached Telegram just
// before the crash). Such a row, found "sending" after its lease expired, is NEVER
// sent again: it becomes "unconfirmed" ("chưa xác nhận"), an operator alert is
// raised and the deliveries list shows it. We prefer a possibly missing reminder
// (visible, and the next morning's nudge repeats what is still open) over a
// possibly duplicated one. The window is one HTTP call per crash.
// A send the platform answered with a temporary error (429, 5xx, network) is
// retried: the sender classifies it as not delivered.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Logger } from "pino";
import type { Outbound } from "../chat/types.ts";
import type { ChannelSender } from "../channels/types.ts";
import type { Db } from "../db/client.ts";
import { todayIn } from "../domain/dates.ts";
import type { MorningPlan } from "./plan.ts";
import { renderDigest, renderNudge } from "./texts.ts";

export type DeliveryStatus = "pending" | "sending" | "sent" | "failed" | "unreachable" | "unconfirmed" | "expired";

export const STATUS_LABEL_VI: Record<DeliveryStatus, string> = {
  pending: "chờ gửi",
  sending: "đang gửi",
  sent: "đã gửi",
  failed: "lỗi",
  unreachable: "không liên lạc được",
  unconfirmed: "chưa xác nhận",
  expired: "quá ngày, không gửi",
};

export interface OutboxRow {
  officeId: number;
  personId: number;
  day: string;
  kind: "nudge" | "digest" | "leader";
  payload: string;
}

export interface DeliveryPayload {
  v: 1;
  /** What is sent, already rendered, so a retry sends the same words. */
  message: Outbound;
  /** How many items (nudge) or rows (digest) it carries, for the operator's views. */
  size: number;
}

export function toOutboxRows(plan: MorningPlan): OutboxRow[] {
  const rows: OutboxRow[] = [];
  for (const n of plan.nudges) {
    const payload: DeliveryPayload = { v: 1, message: renderNudge(n), size: n.items.length };
    rows.push({ officeId: n.officeId, personId: n.personId, day: n.day, kind: "nudge", payload: JSON.stringify(payload) });
  }
  for (const d of plan.digests) {
    const payload: DeliveryPayload = { v: 1, message: renderDigest(d), size: d.kind === "leader" ? d.escalated.length : d.rows.length };
    rows.push({ officeId: d.officeId, personId: d.personId, day: d.day, kind: d.kind, payload: JSON.stringify(payload) });
  }
  return rows;
}

const keyOf = (r: { officeId: number; personId: number; day: string; kind: string }) => `${r.officeId}|${r.personId}|${r.day}|${r.kind}`;

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string })?.code === "P2002";
}

/**
 * Inserts the rows not already in the outbox. Existing rows are left alone (their
 * text and status stay), so writing the same morning twice changes nothing.
 */
export async function writeOutbox(db: Db, rows: OutboxRow[], now: Date): Promise<{ inserted: number; existing: number }> {
  if (!rows.length) return { inserted: 0, existing: 0 };
  const existingKeys = new Set<string>();
  const days = new Map<string, { officeId: number; day: string }>();
  for (const r of rows) days.set(`${r.officeId}|${r.day}`, { officeId: r.officeId, day: r.day });
  for (const { officeId, day } of days.values()) {
    const found = await db.reminderDelivery.findMany({ where: { officeId, day }, select: { officeId: true, personId: true, day: true, kind: true } });
    for (const f of found) existingKeys.add(keyOf(f));
  }
  const data = rows.filter((r) => !existingKeys.has(keyOf(r))).map((r) => ({ ...r, status: "pending", createdAt: now }));
  let inserted = 0;
  // Chunks keep each statement under the database's bound-parameter limit.
  for (let i = 0; i < data.length; i += 200) {
    const chunk = data.slice(i, i + 200);
    try {
      inserted += (await db.reminderDelivery.createMany({ data: chunk })).count;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // Another instance wrote some of them meanwhile: insert one by one, skipping theirs.
      for (const row of chunk) {
        try {
          await db.reminderDelivery.create({ data: row });
          inserted++;
        } catch (e) {
          if (!isUniqueViolation(e)) throw e;
        }
      }
    }
  }
  return { inserted, existing: rows.length - inserted };
}

/** Sequential pacing: at most `perSecond` starts per second, and a global pause after a 429. */
export class RateLimiter {
  private nextAt = 0;
  private pausedUntil = 0;
  private readonly interval: number;

  constructor(
    perSecond: number,
    private readonly clock: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.interval = 1000 / perSecond;
  }

  async take(): Promise<void> {
    const now = this.clock();
    const at = Math.max(now, this.nextAt, this.pausedUntil);
    this.nextAt = at + this.interval;
    if (at > now) await this.sleep(at - now);
  }

  /** Telegram's retry_after: nothing goes out on this channel until it has passed. */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock() + ms);
  }
}

export interface DispatchStats {
  sent: number;
  retried: number;
  rateLimited: number;
  failed: number;
  unreachable: number;
  unconfirmed: number;
  expired: number;
}

export interface DispatcherOptions {
  db: Db;
  /** Senders by channel name ("telegram", "zalo"). */
  senders: Partial<Record<string, ChannelSender>>;
  /** Per-channel pacing: a token is taken before each send, and a 429's retry_after pauses the channel. */
  limiters?: Partial<Record<string, RateLimiter>>;
  instanceId?: string;
  /** How long a claim keeps other instances off a batch. */
  leaseMs?: number;
  batchSize?: number;
  maxAttempts?: number;
  /** First retry delay; doubles each attempt, capped at one hour. */
  backoffMs?: number;
  now?: () => Date;
  logger?: Logger;
}

const newStats = (): DispatchStats => ({ sent: 0, retried: 0, rateLimited: 0, failed: 0, unreachable: 0, unconfirmed: 0, expired: 0 });

type ClaimedRow = Awaited<ReturnType<Dispatcher["claim"]>>[number];

export class Dispatcher {
  readonly instanceId: string;
  private readonly db: Db;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly now: () => Date;
  private stopping = false;

  constructor(private readonly opts: DispatcherOptions) {
    this.db = opts.db;
    this.instanceId = opts.instanceId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.batchSize = opts.batchSize ?? 25;
    this.maxAttempts = opts.maxAttempts ?? 6;
    this.backoffMs = opts.backoffMs ?? 30_000;
    this.now = opts.now ?? (() => new Date());
  }

  /**
   * Housekeeping before sending: rows left "sending" by a dead instance become
   * "unconfirmed" (never resent); pending rows of a day already past in their
   * office's zone become "expired" (catching up is for the same day only).
   */
  async recoverStale(stats: DispatchStats = newStats()): Promise<DispatchStats> {
    const now = this.now();
    const stale = await this.db.reminderDelivery.findMany({
      where: { status: "sending", claimedUntil: { lt: now } },
      select: { id: true, day: true, kind: true, personId: true },
    });
    for (const row of stale) {
      const done = await this.db.reminderDelivery.updateMany({
        where: { id: row.id, status: "sending", claimedUntil: { lt: now } },
        data: {
          status: "unconfirmed",
          lastError: "Tiến trình dừng giữa lúc gửi: không rõ tin đã đến chưa, không gửi lại để tránh trùng.",
          claimedBy: null,
          claimedUntil: null,
        },
      });
      if (done.count) {
        stats.unconfirmed++;
        await this.alert("reminder-unconfirmed", `Tin nhắc ${row.kind} ngày ${row.day} (mã ${row.id}, người ${row.personId}) chưa xác nhận đã gửi.`);
      }
    }
    const offices = await this.db.office.findMany({ select: { id: true, timezone: true } });
    for (const o of offices) {
      const today = todayIn(o.timezone, now);
      const res = await this.db.reminderDelivery.updateMany({
        where: { officeId: o.id, status: "pending", day: { lt: today } },
        data: { status: "expired", lastError: "Quá ngày nhắc, không gửi nữa.", claimedBy: null, claimedUntil: null },
      });
      stats.expired += res.count;
    }
    return stats;
  }

  /** Claims up to one batch of due rows for this instance; two instances never get the same row. */
  async claim(filter: { officeId?: number; day?: string } = {}) {
    const now = this.now();
    const free = { OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] };
    const due = { OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }] };
    const where = { status: "pending", AND: [free, due], ...filter };
    const ids = (await this.db.reminderDelivery.findMany({ where, select: { id: true }, orderBy: { id: "asc" }, take: this.batchSize })).map((r) => r.id);
    if (!ids.length) return [];
    const until = new Date(now.getTime() + this.leaseMs);
    // One UPDATE: a row another instance claimed in the meantime no longer matches `free`.
    await this.db.reminderDelivery.updateMany({ where: { id: { in: ids }, status: "pending", AND: [free] }, data: { claimedBy: this.instanceId, claimedUntil: until } });
    return this.db.reminderDelivery.findMany({
      where: { id: { in: ids }, claimedBy: this.instanceId, claimedUntil: until, status: "pending" },
      include: { person: { include: { identities: { orderBy: { id: "asc" } } } } },
      orderBy: { id: "asc" },
    });
  }

  /** Sends one claimed batch; returns what happened. */
  async runOnce(filter: { officeId?: number; day?: string } = {}, stats: DispatchStats = newStats()): Promise<{ claimed: number; stats: DispatchStats }> {
    if (this.stopping) return { claimed: 0, stats };
    const rows = await this.claim(filter);
    for (const row of rows) {
      if (this.stopping) {
        // Shutting down: hand the rest of the batch back at once instead of waiting for the lease.
        await this.db.reminderDelivery.updateMany({ where: { id: row.id, claimedBy: this.instanceId, status: "pending" }, data: { claimedBy: null, claimedUntil: null } });
        continue;
      }
      await this.deliver(row, stats);
    }
    return { claimed: rows.length, stats };
  }

  /** Asks a running drain to stop after the send in progress. */
  stop(): void {
    this.stopping = true;
  }

  /**
   * Sends until nothing is left to send now. Waits for rows another (possibly dead)
   * instance holds until their lease expires. With `waitForRetries`, also waits for
   * scheduled retries (the scheduler does not: its next tick picks them up).
   */
  async drain(filter: { officeId?: number; day?: string } = {}, options: { waitForRetries?: boolean; sleep?: (ms: number) => Promise<void> } = {}): Promise<DispatchStats> {
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    const stats = newStats();
    for (;;) {
      await this.recoverStale(stats);
      const { claimed } = await this.runOnce(filter, stats);
      if (this.stopping) return stats;
      if (claimed) continue;
      const now = this.now();
      const waiting = await this.db.reminderDelivery.findMany({
        where: {
          ...filter,
          OR: [
            { status: "sending" },
            { status: "pending", claimedUntil: { gte: now } },
            ...(options.waitForRetries ? [{ status: "pending", nextAttemptAt: { gt: now } }] : []),
          ],
        },
        select: { claimedUntil: true, nextAttemptAt: true, status: true },
      });
      if (!waiting.length) return stats;
      const times = waiting.map((w) => Math.max(w.claimedUntil?.getTime() ?? 0, w.status === "pending" ? (w.nextAttemptAt?.getTime() ?? 0) : 0));
      const wait = Math.min(Math.max(...times.map((t) => t - now.getTime()), 0) + 20, 1000);
      await sleep(Math.max(wait, 20));
    }
  }

  private async alert(kind: string, message: string): Promise<void> {
    await this.db.operatorAlert.create({ data: { kind, message, createdAt: this.now() } }).catch(() => undefined);
  }

  private async release(id: number, data: Record<string, unknown>): Promise<void> {
    await this.db.reminderDelivery.updateMany({ where: { id, claimedBy: this.instanceId }, data: { ...data, claimedBy: null, claimedUntil: null } });
  }

  private async deliver(row: ClaimedRow, stats: DispatchStats): Promise<void> {
    const log = this.opts.logger;
    let payload: DeliveryPayload;
    try {
      payload = JSON.parse(row.payload) as DeliveryPayload;
    } catch {
      await this.release(row.id, { status: "failed", lastError: "Nội dung tin nhắc hỏng (payload không đọc được)." });
      stats.failed++;
      return;
    }
    const preferred = row.person.preferredChannel;
    const identities = row.person.identities
      .filter((i) => this.opts.senders[i.channel])
      .sort((a, b) => Number(b.channel === preferred) - Number(a.channel === preferred));
    const reachable = identities.filter((i) => i.unreachableSince === null);
    if (!reachable.length) {
      const reason = identities.length
        ? `Không liên lạc được: ${identities.map((i) => `${i.channel} (${i.unreachableReason ?? "không rõ lý do"})`).join(", ")}`
        : "Người này chưa liên kết kênh nhắn tin nào có thể gửi.";
      await this.release(row.id, { status: identities.length ? "unreachable" : "failed", lastError: reason });
      if (identities.length) stats.unreachable++;
      else stats.failed++;
      return;
    }
    const reasons: string[] = [];
    for (const identity of reachable) {
      const sender = this.opts.senders[identity.channel]!;
      const limiter = this.opts.limiters?.[identity.channel];
      for (let rateLimited = 0; ; ) {
        await limiter?.take();
        // Marked "sending" before the call: if we die during it, the row is never resent.
        const mark = await this.db.reminderDelivery.updateMany({
          where: { id: row.id, claimedBy: this.instanceId, status: "pending" },
          data: { status: "sending", channel: identity.channel, attempts: { increment: 1 }, claimedUntil: new Date(this.now().getTime() + this.leaseMs) },
        });
        if (!mark.count) return; // lease lost to another instance: it is theirs now
        const result = await sender.send(identity.externalId, payload.message);
        const now = this.now();
        if (result.ok) {
          await this.release(row.id, { status: "sent", sentAt: now, channel: identity.channel, lastError: null, nextAttemptAt: null });
          stats.sent++;
          return;
        }
        log?.warn({ deliveryId: row.id, channel: identity.channel, result }, "reminder send failed");
        if (result.kind === "retry" && result.retryAfterMs !== undefined && rateLimited < 5) {
          // Flood control: Telegram did not take it; wait as told, then the same row again.
          rateLimited++;
          stats.rateLimited++;
          limiter?.pauseFor(result.retryAfterMs);
          await this.db.reminderDelivery.updateMany({ where: { id: row.id, claimedBy: this.instanceId }, data: { status: "pending", lastError: result.reason } });
          if (!limiter) await new Promise((r) => setTimeout(r, result.retryAfterMs));
          continue;
        }
        if (result.kind === "retry") {
          const fresh = await this.db.reminderDelivery.findUnique({ where: { id: row.id }, select: { attempts: true } });
          const attempts = fresh?.attempts ?? 1;
          if (attempts >= this.maxAttempts) {
            await this.release(row.id, { status: "failed", lastError: `Hết ${attempts} lần thử: ${result.reason}` });
            await this.alert("reminder-failed", `Tin nhắc ${row.kind} ngày ${row.day} cho ${row.person.fullName} lỗi sau ${attempts} lần thử: ${result.reason}`);
            stats.failed++;
            return;
          }
          const delay = Math.min(this.backoffMs * 2 ** (attempts - 1), 3_600_000);
          await this.release(row.id, { status: "pending", lastError: result.reason, nextAttemptAt: new Date(now.getTime() + Math.max(delay, result.retryAfterMs ?? 0)) });
          stats.retried++;
          return;
        }
        if (result.kind === "unreachable") {
          reasons.push(`${identity.channel}: ${result.reason}`);
          await this.db.channelIdentity.update({ where: { id: identity.id }, data: { unreachableSince: now, unreachableReason: result.reason } });
          await this.db.reminderDelivery.updateMany({ where: { id: row.id, claimedBy: this.instanceId }, data: { status: "pending", lastError: result.reason } });
          break; // try the person's other linked channel
        }
        await this.release(row.id, { status: "failed", lastError: result.reason });
        await this.alert("reminder-failed", `Tin nhắc ${row.kind} ngày ${row.day} cho ${row.person.fullName} bị từ chối: ${result.reason}`);
        stats.failed++;
        return;
      }
    }
    await this.release(row.id, { status: "unreachable", lastError: `Không liên lạc được: ${reasons.join("; ")}` });
    stats.unreachable++;
  }
}
