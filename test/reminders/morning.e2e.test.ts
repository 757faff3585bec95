// End to end: the morning job in a child process sends to 40 officers through
// the fake Bot API; it is killed (SIGKILL) while the 15th message is in flight,
// restarted, and finishes. Every chat must have received exactly one message.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../helpers/db.ts";
import { FakeTelegramServer } from "../fakes/telegram-server.ts";

const N = 40;
const KILL_AT = 15;
const LOCAL_NOW = new Date("2024-03-05T01:00:00Z"); // Tuesday 08:00 in Hà Nội
const CHILD = path.join(import.meta.dirname, "child", "morning.ts");
const CHAT_BASE = 880_000;

let t: TestDb;
let fake: FakeTelegramServer;
/** Every sendMessage that reached the fake, by chat id (including the one held open). */
const received = new Map<number, number>();
const texts = new Map<number, string>();
let release: () => void = () => undefined;
let arrived: () => void = () => undefined;
const heldArrived = new Promise<void>((r) => (arrived = r));

beforeAll(async () => {
  t = createTestDb();
  const office = await t.db.office.create({ data: { name: "UBND xã Kiểm Thử" } });
  const title = await t.db.officerTitle.create({ data: { officeId: office.id, name: "Tư pháp - Hộ tịch" } });
  await t.db.plan.create({
    data: {
      officeId: office.id,
      year: 2024,
      tasks: {
        create: [
          {
            seq: 1,
            key: "institutions:1",
            area: "institutions",
            ref: "1",
            sourceRow: 3,
            text: "Rà soát văn bản quy phạm pháp luật",
            deadlineText: "Ngày 08/03/2024",
            titles: { create: [{ titleId: title.id, role: "lead", raw: "Tư pháp - Hộ tịch" }] },
            milestones: { create: [{ seq: 1, kind: "due", dueDate: "2024-03-08", phrase: "Ngày 08/03/2024" }] },
          },
        ],
      },
    },
  });
  for (let i = 0; i < N; i++) {
    await t.db.person.create({
      data: {
        officeId: office.id,
        fullName: `Cán bộ số ${i + 1}`,
        identities: { create: [{ channel: "telegram", externalId: String(CHAT_BASE + i) }] },
        assignments: { create: [{ titleId: title.id, fromDate: "2024-01-01" }] },
      },
    });
  }
  fake = await FakeTelegramServer.start();
  let count = 0;
  fake.onMethod("sendMessage", (body) => {
    const chat = Number(body.chat_id);
    received.set(chat, (received.get(chat) ?? 0) + 1);
    texts.set(chat, String(body.text));
    count++;
    const message = { message_id: count, date: Math.floor(Date.now() / 1000), chat: { id: chat, type: "private" }, text: body.text };
    if (count === KILL_AT) {
      arrived();
      // Hold the answer: the sender is killed while waiting for it.
      return new Promise((resolve) => (release = () => resolve(message)));
    }
    return message;
  });
});

afterAll(async () => {
  release();
  await fake?.stop();
  await t?.close();
});

function runChild(): { child: ChildProcess; exit: Promise<number | null>; output: () => string } {
  let out = "";
  const child = spawn(process.execPath, ["--import", "tsx", CHILD], {
    cwd: path.join(import.meta.dirname, "..", ".."),
    env: {
      ...process.env,
      DATABASE_URL: t.url,
      TELEGRAM_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      CLOCK_OFFSET_MS: String(LOCAL_NOW.getTime() - Date.now()),
      LEASE_MS: "1500",
      LOG_LEVEL: "silent",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exit, output: () => out };
}

describe("morning job, killed mid-batch and restarted", () => {
  it("every officer receives exactly one message", async () => {
    const first = runChild();
    await Promise.race([heldArrived, first.exit.then(() => Promise.reject(new Error(`child exited early:\n${first.output()}`)))]);
    first.child.kill("SIGKILL");
    await first.exit;
    release();
    expect(received.size).toBe(KILL_AT);

    const second = runChild();
    const code = await second.exit;
    expect(code, second.output()).toBe(0);

    const chats = Array.from({ length: N }, (_, i) => CHAT_BASE + i);
    expect(chats.map((c) => received.get(c) ?? 0)).toEqual(chats.map(() => 1));
    expect(texts.get(CHAT_BASE)).toContain("Chào Cán bộ số 1!");
    expect(texts.get(CHAT_BASE)).toContain("Số 1 — Rà soát văn bản quy phạm pháp luật");

    const rows = await t.db.reminderDelivery.findMany();
    expect(rows).toHaveLength(N);
    const count = (status: string) => rows.filter((r) => r.status === status).length;
    // The one in flight at the kill was delivered but cannot be confirmed: recorded, never resent.
    expect(count("unconfirmed")).toBe(1);
    expect(count("sent")).toBe(N - 1);
    // The restarted job planned the same morning again and inserted nothing.
    expect(second.output()).toContain('"inserted":0');
  });
});
