// Telegram flood control against the fake Bot API: beyond its cap the fake
// answers 429 with retry_after; the dispatcher waits as told and resends the
// refused message (it was not accepted), so nothing is lost or duplicated.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Dispatcher, writeOutbox } from "../../src/reminders/outbox.ts";
import { telegramDispatch } from "../../src/reminders/telegram.ts";
import { createTestDb, type TestDb } from "../helpers/db.ts";
import { FakeTelegramServer } from "../fakes/telegram-server.ts";

let t: TestDb;
let fake: FakeTelegramServer;
const N = 8;

beforeAll(async () => {
  t = createTestDb();
  fake = await FakeTelegramServer.start({ rateLimitPerSecond: 3 });
});
afterAll(async () => {
  await fake.stop();
  await t.close();
});

describe("retry_after", () => {
  it("is honoured: every chat gets its message once despite 429s", async () => {
    const office = await t.db.office.create({ data: { name: "UBND xã Lũ Tin" } });
    const rows = [];
    for (let i = 0; i < N; i++) {
      const p = await t.db.person.create({ data: { officeId: office.id, fullName: `Cán bộ ${i}`, identities: { create: [{ channel: "telegram", externalId: String(4200 + i) }] } } });
      rows.push({ officeId: office.id, personId: p.id, day: "2024-03-05", kind: "nudge" as const, payload: JSON.stringify({ v: 1, message: { text: `Tin số ${i}` }, size: 1 }) });
    }
    const now = new Date("2024-03-05T01:00:00Z");
    await writeOutbox(t.db, rows, now);
    // Paced far above the fake's cap on purpose, to provoke 429s.
    const { sender, limiter } = telegramDispatch(fake.token, fake.apiRoot, 100);
    const stats = await new Dispatcher({ db: t.db, senders: { telegram: sender }, limiters: { telegram: limiter }, now: () => now }).drain();
    expect(stats.sent).toBe(N);
    expect(stats.rateLimited).toBeGreaterThan(0);
    expect(fake.callsTo("sendMessage").some((c) => c.status === 429)).toBe(true);
    for (let i = 0; i < N; i++) expect(fake.sentTexts(4200 + i)).toEqual([`Tin số ${i}`]);
  });
});
