// npm run reminders -- plan [--date …] | send [--force] | deliveries [--date …] [--failed] | holidays list|add|remove
import { formatTable, parseCommandArgs, runCommand } from "../src/cli/run.ts";
import { isDate, todayIn, vnDate } from "../src/domain/dates.ts";
import { ANNOUNCED_DAYS, publicHolidays, weekdayName } from "../src/domain/workdays.ts";
import { requireOffice, UserError } from "../src/offices.ts";
import { loadPlanInput, officeCalendar } from "../src/reminders/load.ts";
import { parseLeaveDate } from "../src/reminders/leave.ts";
import { Dispatcher, STATUS_LABEL_VI, type DeliveryStatus } from "../src/reminders/outbox.ts";
import { planMorning } from "../src/reminders/plan.ts";
import { runMorning } from "../src/reminders/scheduler.ts";
import { telegramDispatch } from "../src/reminders/telegram.ts";
import { renderDigest, renderNudge } from "../src/reminders/texts.ts";

const HELP = `Nhắc việc buổi sáng: xem trước, gửi ngay, xem kết quả gửi, sửa lịch ngày nghỉ.

Cách dùng:
  npm run reminders -- plan [--date 2024-03-05]        xem các tin nhắc của một ngày (không gửi)
  npm run reminders -- send [--force]                  lập và gửi ngay tin nhắc hôm nay (--force: cả khi chưa đến giờ nhắc)
  npm run reminders -- deliveries [--date 2024-03-05] [--failed]
                                                       kết quả gửi: đã gửi, lỗi, không liên lạc được, chưa xác nhận
  npm run reminders -- holidays list [--year 2025]     ngày nghỉ lễ, nghỉ bù, ngày làm bù và điều chỉnh của đơn vị
  npm run reminders -- holidays add 2025-05-02 off --note "Nghỉ bù theo thông báo"
  npm run reminders -- holidays add 2025-04-26 work --note "Làm bù thứ Bảy"
  npm run reminders -- holidays remove 2025-05-02

Thêm --office "UBND xã …" khi có nhiều đơn vị. Ngày viết dạng 2024-03-05 hoặc 05/03/2024.`;

const KIND_VI: Record<string, string> = { nudge: "nhắc việc", digest: "tổng hợp", leader: "lãnh đạo" };

function dateArg(raw: string | undefined, fallback: string): string {
  if (!raw) return fallback;
  const d = parseLeaveDate(raw, Number(fallback.slice(0, 4)));
  if (!d) throw new UserError(`Ngày "${raw}" không hợp lệ. Viết dạng 2024-03-05 hoặc 05/03/2024.`);
  return d;
}

await runCommand(async ({ db, config }) => {
  const { values, positionals } = parseCommandArgs(process.argv.slice(2), {
    office: { type: "string" },
    date: { type: "string" },
    year: { type: "string" },
    note: { type: "string" },
    failed: { type: "boolean", default: false },
    force: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  const action = positionals[0];
  if (values.help || !action) return void console.log(HELP);
  const office = await requireOffice(db(), values.office);
  const full = await db().office.findUniqueOrThrow({ where: { id: office.id } });
  const today = todayIn(office.timezone, new Date());

  switch (action) {
    case "plan": {
      const day = dateArg(values.date, today);
      const calendar = await officeCalendar(db(), office.id);
      const off = calendar.dayOffReason(day);
      if (off) return void console.log(`${weekdayName(day)} ${vnDate(day)} là ngày nghỉ (${off}): không gửi nhắc việc.`);
      const plan = planMorning(await loadPlanInput(db(), full, day, calendar));
      console.log(`${office.name} — ${weekdayName(day)} ${vnDate(day)}, lúc ${office.reminderTime}: ${plan.nudges.length} tin nhắc việc, ${plan.digests.length} tin tổng hợp (chưa gửi).\n`);
      for (const n of plan.nudges) console.log(`── ${n.fullName} (mã ${n.personId}) ──\n${renderNudge(n).text}\n`);
      for (const d of plan.digests) console.log(`── ${d.fullName} (mã ${d.personId}, ${KIND_VI[d.kind]}) ──\n${renderDigest(d).text}\n`);
      if (!plan.nudges.length && !plan.digests.length) console.log("Không có ai cần nhắc trong ngày này.");
      return;
    }
    case "send": {
      if (!config.telegram) throw new UserError("Chưa cấu hình TELEGRAM_BOT_TOKEN nên không gửi được (xem .env.example). Dùng `plan` để xem trước.");
      const results = await runMorning(db(), { now: new Date(), officeIds: [office.id], force: values.force });
      const r = results[0];
      if (!r) console.log(`Chưa đến giờ nhắc (${office.reminderTime}); thêm --force để gửi ngay.`);
      else console.log(`Đã lập ${r.nudges} tin nhắc việc, ${r.digests} tin tổng hợp; ${r.inserted} tin mới vào hàng đợi.`);
      const { sender, limiter } = telegramDispatch(config.telegram.token, config.telegram.apiRoot);
      const stats = await new Dispatcher({ db: db(), senders: { telegram: sender }, limiters: { telegram: limiter } }).drain({ officeId: office.id });
      console.log(
        `Đã gửi ${stats.sent}; chờ thử lại ${stats.retried}; lỗi ${stats.failed}; không liên lạc được ${stats.unreachable}; chưa xác nhận ${stats.unconfirmed}.`,
      );
      return;
    }
    case "deliveries": {
      const day = values.date ? dateArg(values.date, today) : undefined;
      const rows = await db().reminderDelivery.findMany({
        where: {
          officeId: office.id,
          ...(day ? { day } : {}),
          ...(values.failed ? { status: { in: ["failed", "unreachable", "unconfirmed", "expired"] } } : {}),
        },
        include: { person: { select: { fullName: true } } },
        orderBy: [{ day: "desc" }, { id: "asc" }],
        take: 500,
      });
      if (!rows.length) return void console.log("Không có tin nhắc nào phù hợp.");
      console.log(
        formatTable(
          ["Mã", "Ngày", "Loại", "Người nhận", "Trạng thái", "Kênh", "Lần thử", "Gửi lúc", "Lý do"],
          rows.map((r) => [
            r.id,
            vnDate(r.day),
            KIND_VI[r.kind] ?? r.kind,
            r.person.fullName,
            STATUS_LABEL_VI[r.status as DeliveryStatus] ?? r.status,
            r.channel ?? "",
            r.attempts,
            r.sentAt ? r.sentAt.toISOString().replace("T", " ").slice(0, 19) : "",
            r.lastError ?? "",
          ]),
          60,
        ),
      );
      const counts = new Map<string, number>();
      for (const r of rows) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
      console.log(`\n${[...counts].map(([s, n]) => `${STATUS_LABEL_VI[s as DeliveryStatus] ?? s}: ${n}`).join(" · ")}`);
      if (counts.get("unconfirmed")) {
        console.log("«Chưa xác nhận»: chương trình dừng giữa lúc gửi; tin có thể đã đến. Không gửi lại tự động để tránh trùng; hãy hỏi người nhận nếu cần.");
      }
      return;
    }
    case "holidays": {
      const sub = positionals[1] ?? "list";
      if (sub === "list") {
        const year = values.year ? Number(values.year) : Number(today.slice(0, 4));
        if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new UserError(`Năm "${values.year}" không hợp lệ.`);
        const own = await db().workingDayOverride.findMany({ where: { officeId: office.id, day: { startsWith: `${year}-` } } });
        const lines = new Map<string, [string, string, string]>();
        for (const [day, name] of publicHolidays(year)) lines.set(day, ["nghỉ", name, "lịch nghỉ lễ"]);
        for (const a of ANNOUNCED_DAYS[year] ?? []) lines.set(a.day, [a.kind === "off" ? "nghỉ" : "làm việc", a.note ?? "", "thông báo của Chính phủ (có sẵn)"]);
        for (const o of own) lines.set(o.day, [o.kind === "off" ? "nghỉ" : "làm việc", o.note ?? "", "điều chỉnh của đơn vị"]);
        const sorted = [...lines].sort((a, b) => a[0].localeCompare(b[0]));
        console.log(formatTable(["Ngày", "Thứ", "", "Ghi chú", "Nguồn"], sorted.map(([d, [k, n, s]]) => [vnDate(d), weekdayName(d), k, n, s]), 60));
        if (!ANNOUNCED_DAYS[year]) {
          console.log(`\nNăm ${year} chưa có sẵn lịch nghỉ bù/làm bù theo thông báo của Chính phủ: hãy thêm bằng "holidays add".`);
        }
        return;
      }
      const day = positionals[2] ? dateArg(positionals[2], today) : undefined;
      if (!day || !isDate(day)) throw new UserError("Thiếu ngày. Ví dụ: npm run reminders -- holidays add 2025-05-02 off");
      if (sub === "add") {
        const kind = positionals[3];
        if (kind !== "off" && kind !== "work") throw new UserError('Ghi rõ "off" (ngày nghỉ) hoặc "work" (ngày làm việc, ví dụ thứ Bảy làm bù).');
        await db().workingDayOverride.upsert({
          where: { officeId_day: { officeId: office.id, day } },
          create: { officeId: office.id, day, kind, note: values.note ?? null },
          update: { kind, note: values.note ?? null },
        });
        return void console.log(`Đã đặt ${weekdayName(day)} ${vnDate(day)} là ${kind === "off" ? "ngày nghỉ" : "ngày làm việc"}${values.note ? ` (${values.note})` : ""}.`);
      }
      if (sub === "remove") {
        const res = await db().workingDayOverride.deleteMany({ where: { officeId: office.id, day } });
        return void console.log(res.count ? `Đã bỏ điều chỉnh ngày ${vnDate(day)}.` : `Ngày ${vnDate(day)} không có điều chỉnh nào của đơn vị.`);
      }
      throw new UserError(`Không có lệnh "holidays ${sub}". Dùng list, add hoặc remove.`);
    }
    default:
      throw new UserError(`Không có lệnh "${action}". Thêm --help để xem cách dùng.`);
  }
});


