// npm run office -- [--office "…"]  — shows an office's settings, plans and titles at a glance.
import { formatTable, parseCommandArgs, runCommand } from "../src/cli/run.ts";
import { requireOffice } from "../src/offices.ts";

const HELP = `Xem cấu hình của đơn vị.

Cách dùng:
  npm run office -- [--office "UBND xã …"]`;

const RULES: Record<string, string> = {
  decree09: "Theo Nghị định 09/2019/NĐ-CP (chốt số liệu ngày 14 tháng cuối quý)",
  calendar: "Theo quý dương lịch",
};

await runCommand(async ({ db }) => {
  const { values } = parseCommandArgs(
    process.argv.slice(2),
    { office: { type: "string" }, help: { type: "boolean", short: "h", default: false } },
    false,
  );
  if (values.help) return void console.log(HELP);
  const office = await requireOffice(db(), values.office);
  const plans = await db().plan.findMany({
    where: { officeId: office.id },
    orderBy: { year: "asc" },
    include: { _count: { select: { tasks: { where: { active: true } }, targets: true } } },
  });
  const titles = await db().officerTitle.count({ where: { officeId: office.id } });
  const people = await db().person.count({ where: { officeId: office.id, active: true } });
  console.log(`${office.name}\n`);
  console.log(
    formatTable(
      ["Thiết lập", "Giá trị"],
      [
        ["Múi giờ", office.timezone],
        ["Kỳ báo cáo", RULES[office.periodRule] ?? office.periodRule],
        ["Hạn báo cáo của xã", `${office.reportDueDays} ngày sau ngày chốt số liệu`],
        ["Hạn công chức gửi số liệu", `${office.inputLeadDays} ngày trước hạn báo cáo của xã`],
        ["Giờ nhắc việc buổi sáng", office.reminderTime],
        ["Nhắc trước hạn", `${office.reminderDays} ngày`],
        ["Báo lãnh đạo khi quá hạn", `${office.escalateAfterDays} ngày`],
        ["Số chức danh", titles],
        ["Số người đã liên kết", people],
      ],
      80,
    ),
  );
  console.log("");
  console.log(
    plans.length
      ? formatTable(
          ["Kế hoạch năm", "Nhiệm vụ", "Chỉ tiêu", "Tệp nguồn", "Cập nhật"],
          plans.map((p) => [p.year, p._count.tasks, p._count.targets, p.sourceFile ?? "", p.updatedAt.toISOString().slice(0, 10)]),
        )
      : "Chưa có kế hoạch nào.",
  );
});
