// npm run import -- <plan.docx|.xlsx|.csv> --office "UBND xã …" [--year 2024] [--dry-run] [--json]
import { goalText } from "../src/domain/targets.ts";
import { DEFAULT_TITLES } from "../src/domain/titles.ts";
import { REFORM_AREAS } from "../src/domain/types.ts";
import { formatTable, parseCommandArgs, runCommand } from "../src/cli/run.ts";
import { ensureOffice, findOffice, loadCatalogue, UserError } from "../src/offices.ts";
import { loadPlan } from "../src/plans/load.ts";
import type { PlanReading } from "../src/plans/reading.ts";
import { storePlan } from "../src/plans/store.ts";

const HELP = `Nhập kế hoạch CCHC từ tệp Word (.docx) hoặc bảng tính (.xlsx, .csv).

Cách dùng:
  npm run import -- <tệp> --office "UBND xã Ngọc Sơn" [--year 2024] [--dry-run] [--json]

  --office   tên đơn vị (nếu bỏ trống, lấy từ phần đầu văn bản)
  --year     năm kế hoạch (nếu bỏ trống, lấy từ tiêu đề "Kế hoạch … năm 2024")
  --dry-run  chỉ đọc và báo cáo, không lưu gì
  --json     in kết quả đọc dạng JSON (chỉ JSON trên stdout)`;

await runCommand(async ({ config, db }) => {
  const { values, positionals } = parseCommandArgs(process.argv.slice(2), {
    office: { type: "string" },
    year: { type: "string" },
    "dry-run": { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) return void console.log(HELP);
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UserError(`Hãy chỉ một tệp kế hoạch.\n\n${HELP}`);
  let year: number | undefined;
  if (values.year !== undefined) {
    year = Number(values.year);
    if (!/^\d{4}$/.test(values.year) || year < 2000 || year > 2100) throw new UserError(`Năm "${values.year}" không hợp lệ; ví dụ: --year 2024`);
  }

  const existing = values.office ? await findOffice(db(), values.office) : null;
  const catalogue = existing ? await loadCatalogue(db(), existing.id) : DEFAULT_TITLES;
  const reading = await loadPlan(file, { office: existing?.name ?? values.office, year, catalogue });

  if (values.json) {
    if (!values["dry-run"]) {
      const stored = await save(reading);
      process.stdout.write(`${JSON.stringify({ ...reading, stored }, null, 2)}\n`);
    } else {
      process.stdout.write(`${JSON.stringify(reading, null, 2)}\n`);
    }
    return;
  }

  console.log(summary(reading));
  if (values["dry-run"]) {
    console.log("\n(--dry-run: chưa lưu gì.)");
    return;
  }
  const stored = await save(reading);
  console.log(
    `\nĐã lưu kế hoạch năm ${reading.year} của ${reading.office}${stored.createdOffice ? " (đơn vị mới)" : ""}: ` +
      `${stored.tasksCreated} nhiệm vụ mới, ${stored.tasksUpdated} cập nhật` +
      (stored.tasksRetired ? `, ${stored.tasksRetired} không còn trong tệp (giữ lại lịch sử)` : "") +
      ".",
  );

  async function save(r: PlanReading) {
    const { office, created } = await ensureOffice(db(), r.office, { timezone: config.defaultTimezone });
    // A new office starts from the default catalogue, which is what the reading was matched against.
    const result = await storePlan(db(), office, r);
    return { ...result, createdOffice: created };
  }
});

function summary(r: PlanReading): string {
  const out: string[] = [];
  out.push(`Kế hoạch CCHC năm ${r.year} — ${r.office} (${r.source.file})`);
  out.push(`${r.tasks.length} nhiệm vụ, ${r.tasks.reduce((n, t) => n + t.milestones.length, 0)} mốc thời hạn, ${r.targets.length} chỉ tiêu.\n`);

  out.push("Nhiệm vụ theo lĩnh vực:");
  const areaRows: (string | number)[][] = REFORM_AREAS.map((a) => [a.name, r.tasks.filter((t) => t.areaCode === a.code).length]);
  const unclassified = r.tasks.filter((t) => !t.areaCode).length;
  if (unclassified) areaRows.push(["(chưa xác định lĩnh vực)", unclassified]);
  out.push(formatTable(["Lĩnh vực", "Số nhiệm vụ"], areaRows));

  out.push("\nChức danh được giao:");
  const byTitle = new Map<string, { lead: number; support: number; isNew: boolean }>();
  for (const t of r.tasks) {
    for (const [role, links] of [["lead", t.lead], ["support", t.support]] as const) {
      for (const l of links) {
        const e = byTitle.get(l.title) ?? { lead: 0, support: 0, isNew: false };
        e[role]++;
        e.isNew ||= Boolean(l.isNew);
        byTitle.set(l.title, e);
      }
    }
  }
  out.push(
    formatTable(
      ["Chức danh", "Chủ trì", "Phối hợp", ""],
      [...byTitle.entries()]
        .sort((a, b) => b[1].lead - a[1].lead || a[0].localeCompare(b[0], "vi"))
        .map(([name, e]) => [name, e.lead, e.support, e.isNew ? "mới" : ""]),
    ),
  );

  const kinds = { due: "có ngày hạn", recurring: "định kỳ", continuous: "thường xuyên", unspecified: "chưa xác định ngày" } as const;
  out.push("\nMốc thời hạn theo loại:");
  out.push(
    formatTable(
      ["Loại", "Số mốc"],
      Object.entries(kinds).map(([k, label]) => [label, r.tasks.reduce((n, t) => n + t.milestones.filter((m) => m.kind === k).length, 0)]),
    ),
  );

  if (r.targets.length) {
    out.push("\nChỉ tiêu tìm thấy:");
    out.push(
      formatTable(
        ["Dòng", "Chỉ tiêu", "Mức", "Chủ trì"],
        r.targets.map((t) => [t.row, t.indicator, goalText(t), t.owner ?? ""]),
        70,
      ),
    );
  }

  if (r.newTitles.length) {
    out.push("\nChức danh/đơn vị mới (chưa có trong danh mục; sẽ được tạo khi lưu — có thể đổi tên hoặc gộp bằng npm run titles):");
    for (const n of r.newTitles) out.push(`- ${n.name}  ← ${n.raws.map((x) => `"${x}"`).join(", ")}`);
  }

  if (r.notes.length) {
    out.push(`\nGhi chú khi đọc (không cần sửa):`);
    for (const n of r.notes) out.push(`- Dòng ${n.row}: ${n.message}`);
  }

  if (r.problems.length) {
    out.push(`\nCần xem lại (${r.problems.length}):`);
    for (const p of r.problems) out.push(`- Dòng ${p.row}: ${p.message}`);
  } else {
    out.push("\nKhông có dòng nào cần xem lại.");
  }
  return out.join("\n");
}
