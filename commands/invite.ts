// npm run invite -- create --title "Tư pháp - Hộ tịch" [--name "Nguyễn Thị Lan"] [--role coordinator] [--days 7]
// npm run invite -- list | revoke <mã>
import { formatTable, parseCommandArgs, runCommand } from "../src/cli/run.ts";
import { createInvite, revokeInvite } from "../src/chat/invites.ts";
import type { Role } from "../src/chat/types.ts";
import { findTitle, requireOffice, UserError } from "../src/offices.ts";

const HELP = `Mã mời liên kết tài khoản Telegram/Zalo với một chức danh.

Cách dùng:
  npm run invite -- create --title "Tư pháp - Hộ tịch" [--name "Nguyễn Thị Lan"] [--role officer|coordinator|leader|admin] [--days 7]
  npm run invite -- list
  npm run invite -- revoke <mã>

Người nhận mở đường link, hoặc gửi cho bot: /start <mã> (trên Zalo: gửi mã hoặc "dangky <mã>").`;

const ROLES = ["officer", "coordinator", "leader", "admin"];

await runCommand(async ({ config, db }) => {
  const { values, positionals } = parseCommandArgs(process.argv.slice(2), {
    office: { type: "string" },
    title: { type: "string" },
    name: { type: "string" },
    role: { type: "string" },
    days: { type: "string", default: "7" },
    help: { type: "boolean", short: "h", default: false },
  });
  const action = positionals[0];
  if (values.help || !action) return void console.log(HELP);
  const office = await requireOffice(db(), values.office);
  const now = new Date();
  switch (action) {
    case "create": {
      if (!values.title) throw new UserError(`Thiếu --title.\n\n${HELP}`);
      const title = await findTitle(db(), office.id, values.title);
      if (!title) throw new UserError(`Không có chức danh "${values.title}". Xem danh sách: npm run titles -- list`);
      if (values.role && !ROLES.includes(values.role)) throw new UserError(`--role phải là một trong: ${ROLES.join(", ")}.`);
      const days = Number(values.days);
      if (!Number.isInteger(days)) throw new UserError(`--days "${values.days}" không phải số ngày.`);
      const invite = await createInvite(db(), {
        officeId: office.id,
        titleId: title.id,
        days,
        now,
        ...(values.name ? { fullName: values.name } : {}),
        ...(values.role ? { role: values.role as Role } : {}),
      });
      const username = config.telegram?.botUsername ?? config.telegramBotUsername;
      console.log(`Mã mời cho ${invite.title.name}${invite.fullName ? ` (${invite.fullName})` : ""}: ${invite.code}`);
      console.log(`Hết hạn: ${invite.expiresAt.toLocaleString("vi-VN", { timeZone: office.timezone })}`);
      if (username) console.log(`Đường link Telegram: https://t.me/${username}?start=${invite.code}`);
      else console.log("(Đặt TELEGRAM_BOT_USERNAME trong .env để in kèm đường link t.me.)");
      console.log(`Hoặc gửi cho bot: /start ${invite.code}`);
      return;
    }
    case "list": {
      const invites = await db().invite.findMany({ where: { officeId: office.id }, include: { title: true }, orderBy: { createdAt: "desc" }, take: 100 });
      const state = (i: (typeof invites)[number]) =>
        i.revokedAt ? "đã hủy" : i.usedAt ? "đã dùng" : i.expiresAt < now ? "hết hạn" : "còn hiệu lực";
      console.log(
        invites.length
          ? formatTable(
              ["Mã", "Chức danh", "Người nhận", "Trạng thái", "Hết hạn"],
              invites.map((i) => [i.code, i.title.name, i.fullName ?? "", state(i), i.expiresAt.toISOString().slice(0, 10)]),
            )
          : "Chưa có mã mời nào.",
      );
      return;
    }
    case "revoke": {
      const code = positionals[1];
      if (!code) throw new UserError("Thiếu mã cần hủy: npm run invite -- revoke <mã>");
      await revokeInvite(db(), office.id, code, now);
      console.log(`Đã hủy mã ${code.toUpperCase()}.`);
      return;
    }
    default:
      throw new UserError(`Không có lệnh "${action}".\n\n${HELP}`);
  }
});
