// The terminal chat: the same core as Telegram, with buttons shown as numbered
// choices. The embedded default when no chat platform is configured.
import { mkdirSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import path from "node:path";
import { ChatCore } from "../../chat/core.ts";
import { roleForTitle } from "../../chat/invites.ts";
import type { Button, Outbound } from "../../chat/types.ts";
import type { Db } from "../../db/client.ts";
import { isDate, todayIn, vnDate } from "../../domain/dates.ts";
import { ensureOffice, findTitle, loadCatalogue, UserError, type OfficeRow } from "../../offices.ts";
import { loadPlan } from "../../plans/load.ts";
import { storePlan } from "../../plans/store.ts";

export const SAMPLE_PLAN = path.join(import.meta.dirname, "..", "..", "..", "samples", "ngoc-son-2024.docx");
export const DEMO_OFFICE = "UBND xã Ngọc Sơn (dữ liệu mẫu)";
const DEFAULT_TITLE = "Tư pháp - Hộ tịch";

export interface ConsoleOptions {
  db: Db;
  input: Readable;
  output: Writable;
  as?: string;
  today?: string;
  office?: string;
  defaultTimezone: string;
  /** The real clock; tests pass a fixed one. */
  now?: () => Date;
  /** Where files the bot sends (the roll-up .docx/.xlsx) are saved. Default: out/ in the project. */
  filesDir?: string;
}

/** Loads the sample plan into a demo office when the database has no office yet. */
export async function ensureDemoData(db: Db, timezone: string): Promise<{ office: OfficeRow; loaded: boolean }> {
  const any = await db.office.findFirst({ orderBy: { id: "asc" } });
  if (any) return { office: any, loaded: false };
  const { office } = await ensureOffice(db, DEMO_OFFICE, { timezone });
  const reading = await loadPlan(SAMPLE_PLAN, { office: office.name, catalogue: await loadCatalogue(db, office.id) });
  await storePlan(db, office, reading);
  return { office, loaded: true };
}

/** Files the bot sends are written to `dir` (the terminal has no attachment view). */
function render(out: Outbound[], dir: string): { text: string; buttons: Button[] } {
  const lines: string[] = [];
  const buttons: Button[] = [];
  for (const o of out) {
    lines.push(o.text);
    if (o.buttons?.length) {
      for (const row of o.buttons) {
        lines.push(
          "  " +
            row
              .map((b) => {
                buttons.push(b);
                return `[${buttons.length}] ${b.label}`;
              })
              .join("   "),
        );
      }
    }
    for (const f of o.files ?? []) {
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, f.name);
      writeFileSync(file, f.data);
      lines.push(`  📎 ${f.name} (${Math.ceil(f.data.length / 1024)} KB) — đã lưu vào ${path.relative(process.cwd(), file) || file}`);
    }
    lines.push("");
  }
  return { text: lines.join("\n"), buttons };
}

export async function runConsole(opts: ConsoleOptions): Promise<void> {
  const { db, output } = opts;
  const write = (s: string) => output.write(`${s}\n`);
  const { office: first, loaded } = await ensureDemoData(db, opts.defaultTimezone);
  const office = opts.office ? await db.office.findFirst({ where: { name: opts.office } }) : first;
  if (!office) throw new UserError(`Không có đơn vị "${opts.office}".`);
  const titleName = opts.as ?? DEFAULT_TITLE;
  const title = await findTitle(db, office.id, titleName);
  if (!title) {
    const names = (await loadCatalogue(db, office.id)).map((t) => `"${t.name}"`).join(", ");
    throw new UserError(`Không có chức danh "${titleName}". Các chức danh: ${names}.`);
  }
  const plan = await db.plan.findFirst({ where: { officeId: office.id }, orderBy: { year: "desc" } });
  const realNow = opts.now ?? (() => new Date());
  let today = opts.today;
  if (today !== undefined && !isDate(today)) throw new UserError(`--today "${today}" không hợp lệ; ví dụ: --today 2024-03-05`);
  // The sample plan is for 2024: without --today, pretend to be early March of the plan's year.
  let pretended = false;
  if (!today && plan && Number(todayIn(office.timezone, realNow()).slice(0, 4)) !== plan.year) {
    today = `${plan.year}-03-05`;
    pretended = true;
  }
  const startedAt = realNow().getTime();
  const base = today ? new Date(`${today}T01:00:00Z`).getTime() : startedAt; // 08:00 in Việt Nam
  const clock = () => new Date(base + (realNow().getTime() - startedAt));

  const senderId = `console:${office.id}:${title.id}`;
  const linked = await db.channelIdentity.findUnique({ where: { channel_externalId: { channel: "console", externalId: senderId } } });
  if (!linked) {
    const titleRow = await db.officerTitle.findUniqueOrThrow({ where: { id: title.id } });
    const person = await db.person.create({
      data: { officeId: office.id, fullName: `Người dùng thử (${title.name})`, role: roleForTitle(titleRow), preferredChannel: "console" },
    });
    await db.titleAssignment.create({ data: { personId: person.id, titleId: title.id, fromDate: "2000-01-01" } });
    await db.channelIdentity.create({ data: { personId: person.id, channel: "console", externalId: senderId, displayName: person.fullName } });
  }

  const core = new ChatCore({ db, now: clock });
  write("cchc-bot — trò chuyện thử trên terminal");
  if (loaded) write(`Đã nạp kế hoạch mẫu (${path.basename(SAMPLE_PLAN)}) vào "${office.name}".`);
  write(`Đang đóng vai: ${title.name} — ${office.name} — ngày ${vnDate(todayIn(office.timezone, clock()))}${pretended ? " (giả lập để kế hoạch mẫu đang có hiệu lực; đổi bằng --today)" : ""}.`);
  write('Đổi vai: npm start -- --as "Văn phòng - Thống kê". Chọn nút bằng cách gõ số. Gõ /huongdan để xem lệnh, /thoat để thoát.');
  write("Kết nối Telegram: đặt TELEGRAM_BOT_TOKEN trong tệp .env (lấy từ @BotFather) rồi chạy lại npm start — xem README.\n");

  let lastButtons: Button[] = [];
  const rl = createInterface({ input: opts.input, terminal: false });
  const show = (out: Outbound[]) => {
    const r = render(out, opts.filesDir ?? path.join(import.meta.dirname, "..", "..", "..", "out"));
    // Like a chat app, earlier buttons stay usable until a newer message brings its own.
    if (r.buttons.length) lastButtons = r.buttons;
    write(r.text);
  };
  for await (const raw of rl) {
    const line = raw.trim();
    if (!line) continue;
    if (/^\/?(thoat|thoát|exit|quit)$/i.test(line)) break;
    const choice = /^\d{1,2}$/.test(line) ? lastButtons[Number(line) - 1] : undefined;
    write(`> ${choice ? `[${choice.label}]` : line}`);
    const out = await core.handle({
      channel: "console",
      senderId,
      displayName: `Người dùng thử (${title.name})`,
      ...(choice ? { payload: choice.payload } : { text: line }),
      raw: { line },
    });
    show(out);
  }
  rl.close();
  write("Tạm biệt!");
}
