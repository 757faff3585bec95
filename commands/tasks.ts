// npm run tasks -- [--office "…"] [--year 2024] [--title "Tư pháp - Hộ tịch"] [--area "thể chế"] [--period "quý 1"]
import { formatTable, parseCommandArgs, runCommand } from "../src/cli/run.ts";
import { areaFromName, matchArea } from "../src/domain/areas.ts";
import { parsePeriodText, reportingPeriod } from "../src/domain/periods.ts";
import { areaName, REFORM_AREAS, type PeriodRule } from "../src/domain/types.ts";
import { findTitle, requireOffice, UserError } from "../src/offices.ts";
import { latestPlan, listTasks, type StoredMilestone, type TaskFilter } from "../src/plans/queries.ts";

const HELP = `Liệt kê nhiệm vụ của kế hoạch.

Cách dùng:
  npm run tasks -- [--office "UBND xã …"] [--year 2024] [--title "Tư pháp - Hộ tịch"] [--area "thủ tục hành chính"] [--period "quý 1"]`;

await runCommand(async ({ db }) => {
  const { values } = parseCommandArgs(
    process.argv.slice(2),
    {
      office: { type: "string" },
      year: { type: "string" },
      title: { type: "string" },
      area: { type: "string" },
      period: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    false,
  );
  if (values.help) return void console.log(HELP);
  const office = await requireOffice(db(), values.office);
  const plan = await latestPlan(db(), office.id, values.year ? Number(values.year) : undefined);
  if (!plan) throw new UserError(`${office.name} chưa có kế hoạch${values.year ? ` năm ${values.year}` : ""}. Nhập bằng: npm run import -- <tệp>`);

  const filter: TaskFilter = {};
  const heading: string[] = [];
  if (values.title) {
    const title = await findTitle(db(), office.id, values.title);
    if (!title) throw new UserError(`Không có chức danh "${values.title}". Xem danh sách: npm run titles -- list`);
    filter.titleIds = [title.id];
    heading.push(`chức danh ${title.name}`);
  }
  if (values.area) {
    const area = areaFromName(values.area) ?? matchArea(values.area) ?? matchArea(`cải cách ${values.area}`);
    if (!area) throw new UserError(`Không nhận ra lĩnh vực "${values.area}". Các lĩnh vực: ${REFORM_AREAS.map((a) => a.name).join("; ")}.`);
    filter.area = area;
    heading.push(`lĩnh vực ${areaName(area)}`);
  }
  if (values.period) {
    const parsed = parsePeriodText(values.period, plan.year);
    if (!parsed.ok) throw new UserError(parsed.message);
    const period = reportingPeriod(parsed.ref, office.periodRule as PeriodRule);
    filter.period = { period, rule: office.periodRule as PeriodRule };
    heading.push(`kỳ ${period.label} (${vnDate(period.start)}–${vnDate(period.end)})`);
  }

  const tasks = await listTasks(db(), plan.id, filter);
  console.log(`Kế hoạch năm ${plan.year} — ${office.name}${heading.length ? ` — ${heading.join(", ")}` : ""}: ${tasks.length} nhiệm vụ\n`);
  if (!tasks.length) return;
  console.log(
    formatTable(
      ["Số", "TT", "Lĩnh vực", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời hạn"],
      tasks.map((t) => [
        t.seq,
        t.ref,
        t.area === "unclassified" ? "?" : shortArea(areaName(t.area)),
        t.activity ? `${t.text} — ${t.activity}` : t.text,
        t.lead.map((l) => l.title).join("; "),
        t.support.map((l) => l.title).join("; "),
        t.milestones.map(describeMilestone).join("; ") || "chưa có hạn",
      ]),
      48,
    ),
  );
});

function vnDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

function shortArea(name: string): string {
  return name.replace(/^Cải cách /, "").replace("Xây dựng và phát triển ", "");
}

function describeMilestone(m: StoredMilestone): string {
  const prefix = m.label ? `${m.label}: ` : "";
  switch (m.kind) {
    case "due":
      return `${prefix}${vnDate(m.due!)}`;
    case "recurring":
      return `${prefix}${{ quarter: "hằng quý", "half-year": "6 tháng/lần", year: "hằng năm", month: "hằng tháng" }[m.every ?? "quarter"]}`;
    case "continuous":
      return `${prefix}thường xuyên`;
    default:
      return `${prefix}chưa xác định (${m.phrase})`;
  }
}
