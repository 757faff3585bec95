// The outbox on a real SQLite file: idempotent writes, leases between two
// dispatchers, no resend after a crash mid-send, retries, the other channel.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ChannelSender, SendResult } from "../../src/channels/types.ts";
import type { Outbound } from "../../src/chat/types.ts";
import { Dispatcher, writeOutbox, type OutboxRow } from "../../src/reminders/outbox.ts";
import { runMorning } from "../../src/reminders/scheduler.ts";
import { createTestDb, type TestDb } from "../helpers/db.ts";

let t: TestDb;
let officeId: number;
const people: { id: number; tg: string }[] = [];
const DAY = "2024-03-05";
const NOW = new Date("2024-03-05T01:00:00Z"); // 08:00 in Hà Nội

class MemorySender implements ChannelSender {
  sent: { to: string; text: string }[] = [];
  script: ((to: string) => SendResult | undefined) | null = null;
  constructor(readonly channel: "telegram" | "zalo") {}
  async send(to: string, message: Outbound): Promise<SendResult> {
    await new Promise((r) => setTimeout(r, 1));
    const scripted = this.script?.(to);
    if (scripted) return scripted;
    this.sent.push({ to, text: message.text });
    return { ok: true };
  }
}

const row = (personId: number, kind: OutboxRow["kind"] = "nudge"): OutboxRow => ({
  officeId,
  personId,
  day: DAY,
  kind,
  payload: JSON.stringify({ v: 1, message: { text: `Nhắc việc cho ${personId}` }, size: 1 }),
});

beforeAll(async () => {
  t = createTestDb();
  officeId = (await t.db.office.create({ data: { name: "UBND xã Thử" } })).id;
  for (let i = 0; i < 10; i++) {
    const p = await t.db.person.create({
      data: { officeId, fullName: `Cán bộ ${i}`, identities: { create: [{ channel: "telegram", externalId: String(5000 + i) }] } },
    });
    people.push({ id: p.id, tg: String(5000 + i) });
  }
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.db.reminderDelivery.deleteMany();
  await t.db.channelIdentity.updateMany({ data: { unreachableSince: null, unreachableReason: null } });
});

describe("writing the outbox", () => {
  it("a second write of the same morning inserts nothing", async () => {
    const rows = people.map((p) => row(p.id));
    expect(await writeOutbox(t.db, rows, NOW)).toEqual({ inserted: 10, existing: 0 });
    expect(await writeOutbox(t.db, [...rows, row(people[0]!.id, "digest")], NOW)).toEqual({ inserted: 1, existing: 10 });
    expect(await t.db.reminderDelivery.count()).toBe(11);
  });
});

describe("dispatching", () => {
  it("two instances draining together send each reminder once", async () => {
    await writeOutbox(t.db, people.map((p) => row(p.id)), NOW);
    const sender = new MemorySender("telegram");
    const a = new Dispatcher({ db: t.db, senders: { telegram: sender }, instanceId: "A", batchSize: 3, now: () => NOW });
    const b = new Dispatcher({ db: t.db, senders: { telegram: sender }, instanceId: "B", batchSize: 3, now: () => NOW });
    const [sa, sb] = await Promise.all([a.drain(), b.drain()]);
    expect(sa.sent + sb.sent).toBe(10);
    expect(sender.sent.map((s) => s.to).sort()).toEqual(people.map((p) => p.tg).sort());
    const rows = await t.db.reminderDelivery.findMany();
    expect(rows.every((r) => r.status === "sent" && r.sentAt && r.channel === "telegram" && r.attempts === 1 && r.claimedBy === null)).toBe(true);
  });

  it("a row left 'sending' by a dead instance is never resent: it becomes 'unconfirmed' with an alert", async () => {
    await writeOutbox(t.db, [row(people[0]!.id), row(people[1]!.id)], NOW);
    const first = await t.db.reminderDelivery.findFirstOrThrow({ where: { personId: people[0]!.id } });
    await t.db.reminderDelivery.update({ where: { id: first.id }, data: { status: "sending", claimedBy: "dead", claimedUntil: new Date(NOW.getTime() - 1000), attempts: 1 } });
    const sender = new MemorySender("telegram");
    const stats = await new Dispatcher({ db: t.db, senders: { telegram: sender }, now: () => NOW }).drain();
    expect(stats).toMatchObject({ sent: 1, unconfirmed: 1 });
    expect(sender.sent.map((s) => s.to)).toEqual([people[1]!.tg]);
    expect((await t.db.reminderDelivery.findUniqueOrThrow({ where: { id: first.id } })).status).toBe("unconfirmed");
    expect(await t.db.operatorAlert.count({ where: { kind: "reminder-unconfirmed" } })).toBeGreaterThan(0);
  });

  it("temporary failures retry with exponential backoff, then fail with the reason", async () => {
    await writeOutbox(t.db, [row(people[2]!.id)], NOW);
    const sender = new MemorySender("telegram");
    sender.script = () => ({ ok: false, kind: "retry", reason: "502: Bad Gateway" });
    let now = NOW;
    const d = new Dispatcher({ db: t.db, senders: { telegram: sender }, now: () => now, backoffMs: 1000, maxAttempts: 3 });
    await d.drain();
    let r = await t.db.reminderDelivery.findFirstOrThrow();
    expect(r).toMatchObject({ status: "pending", attempts: 1, lastError: "502: Bad Gateway" });
    expect(r.nextAttemptAt!.getTime() - now.getTime()).toBe(1000);
    await d.drain(); // not due yet: nothing happens
    expect((await t.db.reminderDelivery.findFirstOrThrow()).attempts).toBe(1);
    now = new Date(NOW.getTime() + 1000);
    await d.drain();
    r = await t.db.reminderDelivery.findFirstOrThrow();
    expect(r.attempts).toBe(2);
    expect(r.nextAttemptAt!.getTime() - now.getTime()).toBe(2000);
    now = new Date(now.getTime() + 2000);
    await d.drain();
    r = await t.db.reminderDelivery.findFirstOrThrow();
    expect(r).toMatchObject({ status: "failed", attempts: 3 });
    expect(r.lastError).toContain("502: Bad Gateway");
  });

  it("unreachable on Telegram: marked on the identity, then tried on Zalo", async () => {
    const p = people[3]!;
    await t.db.channelIdentity.create({ data: { personId: p.id, channel: "zalo", externalId: `z${p.id}` } });
    await writeOutbox(t.db, [row(p.id)], NOW);
    const tg = new MemorySender("telegram");
    tg.script = () => ({ ok: false, kind: "unreachable", reason: "403: Forbidden: bot was blocked by the user" });
    const zalo = new MemorySender("zalo");
    await new Dispatcher({ db: t.db, senders: { telegram: tg, zalo }, now: () => NOW }).drain();
    expect(zalo.sent).toEqual([{ to: `z${p.id}`, text: `Nhắc việc cho ${p.id}` }]);
    expect((await t.db.reminderDelivery.findFirstOrThrow()).status).toBe("sent");
    expect((await t.db.reminderDelivery.findFirstOrThrow()).channel).toBe("zalo");
    const identity = await t.db.channelIdentity.findFirstOrThrow({ where: { personId: p.id, channel: "telegram" } });
    expect(identity.unreachableReason).toContain("blocked");
    // Next time Telegram is skipped (until she writes to the bot again) and Zalo is used.
    await writeOutbox(t.db, [{ ...row(p.id), kind: "digest" }], NOW);
    await new Dispatcher({ db: t.db, senders: { telegram: tg, zalo }, now: () => NOW }).drain();
    expect(zalo.sent).toHaveLength(2);
  });

  it("unreachable everywhere, and a refused request, are recorded with their reasons", async () => {
    await writeOutbox(t.db, [row(people[4]!.id), row(people[5]!.id)], NOW);
    const tg = new MemorySender("telegram");
    tg.script = (to) =>
      to === people[4]!.tg
        ? { ok: false, kind: "unreachable", reason: "403: Forbidden: user is deactivated" }
        : { ok: false, kind: "failed", reason: "400: Bad Request: message text is empty" };
    const stats = await new Dispatcher({ db: t.db, senders: { telegram: tg }, now: () => NOW }).drain();
    expect(stats).toMatchObject({ unreachable: 1, failed: 1, sent: 0 });
    const rows = await t.db.reminderDelivery.findMany({ orderBy: { personId: "asc" } });
    expect(rows.map((r) => r.status)).toEqual(["unreachable", "failed"]);
    expect(rows[0]!.lastError).toContain("deactivated");
    expect(rows[1]!.lastError).toContain("message text is empty");
  });

  it("pending reminders of a past day expire instead of being sent late", async () => {
    await writeOutbox(t.db, [{ ...row(people[6]!.id), day: "2024-03-04" }], NOW);
    const sender = new MemorySender("telegram");
    const stats = await new Dispatcher({ db: t.db, senders: { telegram: sender }, now: () => NOW }).drain();
    expect(stats.expired).toBe(1);
    expect(sender.sent).toEqual([]);
  });
});

describe("the morning job", () => {
  it("plans only after the office's reminder time, on its local day, and a re-run adds nothing", async () => {
    const early = await runMorning(t.db, { now: new Date("2024-03-05T00:00:00Z") }); // 07:00 local
    expect(early).toEqual([]);
    const first = await runMorning(t.db, { now: NOW });
    expect(first).toEqual([{ officeId, day: DAY, nudges: 0, digests: 0, inserted: 0 }]); // no plan: nothing due
    const sunday = await runMorning(t.db, { now: new Date("2024-03-10T01:00:00Z") });
    expect(sunday[0]).toMatchObject({ day: "2024-03-10", nudges: 0 });
  });
});
