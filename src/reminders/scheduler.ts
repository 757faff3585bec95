// The morning job: every minute, each office whose local time has reached its
// reminder time on a working day, and whose morning is not planned yet, is
// planned and written to the outbox; then the outbox is drained. Started late
// (after a crash or a restart), it catches up the same day only: the plan is
// always for the office's local today, and pending rows of a past day expire.
import cron, { type ScheduledTask } from "node-cron";
import type { Logger } from "pino";
import type { Db } from "../db/client.ts";
import { todayIn } from "../domain/dates.ts";
import { loadPlanInput, officeCalendar } from "./load.ts";
import type { ChannelSender } from "../channels/types.ts";
import { Dispatcher, RateLimiter, toOutboxRows, writeOutbox } from "./outbox.ts";
import { telegramDispatch } from "./telegram.ts";
import { planMorning } from "./plan.ts";

/** "07:30" → minutes after midnight. */
function minutesOf(hhmm: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm.trim());
  if (!m) return 7 * 60 + 30;
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Local "HH:mm" of an instant in a zone, as minutes after midnight. */
export function localMinutes(timeZone: string, now: Date): number {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return get("hour") * 60 + get("minute");
}

export interface MorningResult {
  officeId: number;
  day: string;
  nudges: number;
  digests: number;
  inserted: number;
}

/**
 * Plans and writes the morning of every office that is due at `now` (or of the
 * offices given, with `force` ignoring the time of day). Idempotent: the outbox's
 * unique key makes a second run, or a second instance, insert nothing.
 */
export async function runMorning(
  db: Db,
  options: { now: Date; officeIds?: number[]; force?: boolean; skip?: (officeId: number, day: string) => boolean },
): Promise<MorningResult[]> {
  const offices = await db.office.findMany({ where: options.officeIds ? { id: { in: options.officeIds } } : {}, orderBy: { id: "asc" } });
  const results: MorningResult[] = [];
  for (const office of offices) {
    const day = todayIn(office.timezone, options.now);
    if (options.skip?.(office.id, day)) continue;
    if (!options.force && localMinutes(office.timezone, options.now) < minutesOf(office.reminderTime)) continue;
    const calendar = await officeCalendar(db, office.id);
    if (!calendar.isWorkingDay(day)) {
      results.push({ officeId: office.id, day, nudges: 0, digests: 0, inserted: 0 });
      continue;
    }
    const plan = planMorning(await loadPlanInput(db, office, day, calendar));
    const { inserted } = await writeOutbox(db, toOutboxRows(plan), options.now);
    results.push({ officeId: office.id, day, nudges: plan.nudges.length, digests: plan.digests.length, inserted });
  }
  return results;
}

export class ReminderScheduler {
  /** Offices whose morning this process already planned, by "officeId|day". */
  private readonly planned = new Set<string>();
  private running: Promise<void> | null = null;
  private task: ScheduledTask | null = null;
  private readonly now: () => Date;

  constructor(private readonly deps: { db: Db; dispatcher: Dispatcher; logger?: Logger; now?: () => Date }) {
    this.now = deps.now ?? (() => new Date());
  }

  /** One tick: plan what is due, then send what is pending. Overlapping ticks are skipped. */
  tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.doTick().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async doTick(): Promise<void> {
    const now = this.now();
    try {
      const results = await runMorning(this.deps.db, { now, skip: (id, day) => this.planned.has(`${id}|${day}`) });
      for (const r of results) {
        this.planned.add(`${r.officeId}|${r.day}`);
        if (r.inserted) this.deps.logger?.info(r, "morning reminders planned");
      }
      const stats = await this.deps.dispatcher.drain();
      if (stats.sent || stats.failed || stats.unreachable || stats.unconfirmed) this.deps.logger?.info({ stats }, "reminders dispatched");
    } catch (err) {
      this.deps.logger?.error({ err }, "reminder tick failed");
    }
  }

  /** Runs a tick now (catch-up after a restart), then every minute. */
  start(): void {
    void this.tick();
    this.task = cron.schedule("* * * * *", () => void this.tick(), { noOverlap: true });
  }

  async stop(): Promise<void> {
    this.deps.dispatcher.stop();
    await this.task?.stop();
    this.task = null;
    await this.running;
  }
}

/**
 * Wiring for main.ts: the dispatcher over the given senders, Telegram paced at
 * about 29 messages/s, and the per-minute scheduler, started.
 */
export function startReminders(deps: {
  db: Db;
  logger?: Logger;
  /** The paced Telegram sender (telegramDispatch), shared with whoever else sends on Telegram. */
  telegram?: ReturnType<typeof telegramDispatch>;
  senders?: Partial<Record<string, ChannelSender>>;
}): ReminderScheduler {
  const senders: Partial<Record<string, ChannelSender>> = { ...deps.senders };
  const limiters: Partial<Record<string, RateLimiter>> = {};
  if (deps.telegram) {
    senders.telegram = deps.telegram.sender;
    limiters.telegram = deps.telegram.limiter;
  }
  const dispatcher = new Dispatcher({ db: deps.db, senders, limiters, ...(deps.logger ? { logger: deps.logger } : {}) });
  const scheduler = new ReminderScheduler({ db: deps.db, dispatcher, ...(deps.logger ? { logger: deps.logger } : {}) });
  scheduler.start();
  return scheduler;
}
