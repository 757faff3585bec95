// buildReportModel on plain data: no database.
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import type { StoredTask } from "../../src/plans/queries.ts";
import { buildReportModel, officeHeader, type ReportInput } from "../../src/reports/compile.ts";
import { writeReportDocx } from "../../src/reports/docx.ts";
import { formatReportSummary } from "../../src/reports/summary.ts";

function task(id: number, area: StoredTask["area"], milestones: Partial<StoredTask["milestones"][number]>[], lead = [{ titleId: 1, title: "Tư pháp - Hộ tịch" }]): StoredTask {
  return {
    id,
    seq: id,
    ref: String(id),
    area,
    text: `Nhiệm vụ thử ${id}.`,
    activity: null,
    output: null,
    deadlineText: "Quý IV/2024",
    lead,
    support: [],
    milestones: milestones.map((m, i) => ({ id: id * 10 + i, label: null, kind: "due", due: null, every: null, phrase: "", ...m })),
  };
}

function input(over: Partial<ReportInput> = {}): ReportInput {
  return {
    office: { name: "UBND thị trấn Quán Lào", periodRule: "calendar", timezone: "Asia/Ho_Chi_Minh" },
    planYear: 2024,
    period: { year: 2024, kind: "year", index: 1 },
    now: new Date("2024-12-20T02:00:00Z"),
    tasks: [],
    entries: [],
    targets: [],
    figures: [],
    titles: [{ id: 1, name: "Tư pháp - Hộ tịch" }],
    people: [],
    assignments: [],
    ...over,
  };
}

describe("officeHeader", () => {
  it.each([
    ["UBND xã Ngọc Sơn", "XÃ NGỌC SƠN", "Ngọc Sơn"],
    ["Ủy ban nhân dân thị trấn Quán Lào", "THỊ TRẤN QUÁN LÀO", "Quán Lào"],
    ["UBND phường Đông Vệ", "PHƯỜNG ĐÔNG VỆ", "Đông Vệ"],
  ])("%s", (name, line, place) => {
    expect(officeHeader(name)).toMatchObject({ headerLines: ["ỦY BAN NHÂN DÂN", line], place });
  });
});

describe("buildReportModel", () => {
  it("says so when a period has no tasks and no targets, and invents nothing", async () => {
    const model = buildReportModel(input());
    expect(model.totals.total).toBe(0);
    expect(model.subject).toBe("Kết quả thực hiện công tác cải cách hành chính năm 2024");
    expect(model.nextHeading).toBe("PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM TIẾP THEO");
    expect(model.signer).toBeNull();
    const zip = await JSZip.loadAsync(await writeReportDocx(model));
    const text = (await zip.file("word/document.xml")!.async("string")).replace(/<[^>]+>/g, "");
    expect(text).toContain("Không có nhiệm vụ nào thuộc kỳ báo cáo trong lĩnh vực này.");
    expect(text).toContain("Kế hoạch không có chỉ tiêu định lượng nào.");
    expect(text).toContain("THỊ TRẤN QUÁN LÀO");
    expect(text).toContain("Quán Lào, ngày");
    expect(text).toContain("tháng 12 năm 2024");
    expect(formatReportSummary(model)).toContain("Không có nhiệm vụ nào của kế hoạch thuộc kỳ này.");
  });

  it("counts a task late only after its date, and an unclassified task under its own heading", () => {
    const tasks = [
      task(1, "procedures", [{ kind: "due", due: "2024-06-30" }]),
      task(2, "unclassified", [{ kind: "continuous" }], []),
      task(3, "procedures", [{ kind: "due", due: "2024-12-31" }]),
    ];
    const model = buildReportModel(input({ tasks }));
    const procedures = model.areas.find((a) => a.code === "procedures")!;
    expect(procedures.counts).toMatchObject({ total: 2, unanswered: 2, late: 1 });
    expect(model.areas.at(-1)!.code).toBe("unclassified");
    expect(model.missing.map((m) => m.title)).toContain("Chưa xác định chức danh chủ trì");
  });

  it("a done answer for a later quarter closes an earlier milestone; later answers do not leak into earlier periods", () => {
    const tasks = [task(1, "institutions", [{ kind: "due", due: "2024-03-31" }])];
    const entries = [
      { id: 1, taskId: 1, periodKey: "2024-Q1", personId: 1, status: "in_progress" as const, note: null, product: null, createdAt: new Date("2024-03-20T00:00:00Z") },
      { id: 2, taskId: 1, periodKey: "2024-Q2", personId: 1, status: "done" as const, note: null, product: "QĐ số 7/QĐ-UBND", createdAt: new Date("2024-05-02T00:00:00Z") },
    ];
    const q1 = buildReportModel(input({ tasks, entries, period: { year: 2024, kind: "quarter", index: 1 }, now: new Date("2024-04-05T00:00:00Z") }));
    expect(q1.areas[1]!.tasks[0]).toMatchObject({ status: "in_progress", late: true });
    const nine = buildReportModel(input({ tasks, entries, period: { year: 2024, kind: "nine_months", index: 1 }, now: new Date("2024-09-20T00:00:00Z") }));
    expect(nine.areas[1]!.tasks[0]).toMatchObject({ status: "done", late: false, product: "QĐ số 7/QĐ-UBND" });
    expect(nine.nextHeading).toBe("PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ TIẾP THEO");
  });

  it("a figure for the whole period wins over the sum of the quarters", () => {
    const targets = [{ id: 1, seq: 1, taskId: null, ownerTitleId: 1, indicator: "Số cuộc đối thoại", comparator: ">=" as const, value: 4, unit: "count" as const, phrase: "" }];
    const fig = (id: number, periodKey: string, value: number) => ({ id, targetId: 1, periodKey, personId: 1, value, numerator: null, denominator: null, raw: String(value), createdAt: new Date(`2024-0${id}-01T00:00:00Z`) });
    const model = buildReportModel(input({ targets, figures: [fig(1, "2024-Q1", 2), fig(2, "2024-Q2", 1), fig(3, "2024-Q3", 1)], period: { year: 2024, kind: "nine_months", index: 1 } }));
    expect(model.targets[0]).toMatchObject({ actual: 4, verdict: "met" });
    const whole = buildReportModel(input({ targets, figures: [fig(1, "2024-Q1", 2), fig(2, "2024-9T", 3)], period: { year: 2024, kind: "nine_months", index: 1 } }));
    expect(whole.targets[0]).toMatchObject({ actual: 3, verdict: "not_met" });
  });

  it("keeps the chat summary under 3,500 characters for a large office", () => {
    const titles = Array.from({ length: 40 }, (_, i) => ({ id: i + 1, name: `Chức danh số ${i + 1} có tên khá dài để thử độ dài` }));
    const tasks = Array.from({ length: 300 }, (_, i) =>
      task(i + 1, "procedures", [{ kind: "continuous" }], [{ titleId: (i % 40) + 1, title: titles[i % 40]!.name }]),
    );
    const entries = tasks.slice(0, 50).map((t, i) => ({
      id: i + 1,
      taskId: t.id,
      periodKey: "2024-Q4",
      personId: 1,
      status: "blocked" as const,
      note: "Vướng mắc rất dài ".repeat(20),
      product: null,
      createdAt: new Date("2024-12-01T00:00:00Z"),
    }));
    const s = formatReportSummary(buildReportModel(input({ tasks, titles, entries })));
    expect(s.length).toBeLessThanOrEqual(3500);
    expect(s).toContain("chức danh khác");
  });
});
