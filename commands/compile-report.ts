// npm run report -- --period "quý 1" [--year 2024] [--office "UBND xã …"] [--out out/] [--date 2024-03-18]
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseCommandArgs, runCommand } from "../src/cli/run.ts";
import { isDate } from "../src/domain/dates.ts";
import { MAX_YEAR, MIN_YEAR, parsePeriodText } from "../src/domain/periods.ts";
import { requireOffice, UserError } from "../src/offices.ts";
import { latestPlan } from "../src/plans/queries.ts";
import { compileReport, reportFileStem } from "../src/reports/compile.ts";
import { writeReportDocx } from "../src/reports/docx.ts";
import { formatReportSummary } from "../src/reports/summary.ts";
import { writeReportXlsx } from "../src/reports/xlsx.ts";

const HELP = `Tổng hợp báo cáo CCHC của kỳ (mẫu Nghị định 30/2020/NĐ-CP) ra tệp .docx và .xlsx.

Cách dùng:
  npm run report -- --period "quý 1" [--year 2024] [--office "UBND xã …"] [--out out/] [--date 2024-03-18]

  --period  kỳ báo cáo: "quý 1" … "quý 4", "6 tháng", "9 tháng", "năm" (có thể kèm năm: "quý 1/2024")
  --year    năm của kế hoạch (mặc định: kế hoạch mới nhất của đơn vị)
  --office  tên đơn vị, khi cơ sở dữ liệu có nhiều đơn vị
  --out     thư mục ghi tệp (mặc định: out/)
  --date    ngày lập báo cáo YYYY-MM-DD (mặc định: hôm nay); chỉ tính các câu trả lời đến hết ngày đó`;

await runCommand(async ({ db }) => {
  const { values } = parseCommandArgs(
    process.argv.slice(2),
    {
      period: { type: "string" },
      year: { type: "string" },
      office: { type: "string" },
      out: { type: "string" },
      date: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    false,
  );
  if (values.help) return void console.log(HELP);
  if (!values.period) throw new UserError(`Thiếu kỳ báo cáo. Ví dụ: npm run report -- --period "quý 1"\n\n${HELP}`);

  let year: number | undefined;
  if (values.year !== undefined) {
    year = Number(values.year);
    if (!/^\d{4}$/.test(values.year) || year < MIN_YEAR || year > MAX_YEAR) {
      throw new UserError(`Năm "${values.year}" không hợp lệ: năm phải từ ${MIN_YEAR} đến ${MAX_YEAR}, viết đủ 4 chữ số.`);
    }
  }
  let now = new Date();
  if (values.date !== undefined) {
    if (!isDate(values.date)) throw new UserError(`Ngày "${values.date}" không hợp lệ; hãy viết dạng YYYY-MM-DD, ví dụ 2024-03-18.`);
    now = new Date(`${values.date}T16:59:59Z`); // end of that day in Việt Nam (UTC+7)
  }

  const office = await requireOffice(db(), values.office);
  const plan = await latestPlan(db(), office.id, year);
  if (!plan) {
    throw new UserError(
      `${office.name} chưa có kế hoạch CCHC${year ? ` năm ${year}` : ""}. Nhập kế hoạch bằng: npm run import -- <tệp> --office "${office.name}"`,
    );
  }
  const parsed = parsePeriodText(values.period, plan.year);
  if (!parsed.ok) throw new UserError(parsed.message);
  if (year !== undefined && parsed.explicitYear && parsed.ref.year !== year) {
    throw new UserError(`Kỳ "${values.period}" thuộc năm ${parsed.ref.year}, khác với --year ${year}.`);
  }

  const model = await compileReport(db(), { officeId: office.id, period: parsed.ref, now });
  const [docx, xlsx] = await Promise.all([writeReportDocx(model), writeReportXlsx(model)]);

  const outDir = path.resolve(values.out ?? "out");
  mkdirSync(outDir, { recursive: true });
  const stem = reportFileStem(model);
  const docxPath = path.join(outDir, `${stem}.docx`);
  const xlsxPath = path.join(outDir, `${stem}.xlsx`);
  writeFileSync(docxPath, docx);
  writeFileSync(xlsxPath, xlsx);

  console.log(formatReportSummary(model));
  console.log(`\nĐã ghi:\n  ${docxPath}\n  ${xlsxPath}`);
});
