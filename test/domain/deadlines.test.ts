import { readFileSync } from "node:fs";
import { describe, it, expect } from "vitest";
import { parseDeadline } from "../../src/domain/deadlines.ts";
import type { Milestone, MilestoneKind, Recurrence } from "../../src/domain/types.ts";

// ---------------------------------------------------------------------------
// Fixture plans: every distinct deadline_text must read as the hand transcription.

interface FixtureTask {
  ref: string;
  deadline_text: string;
  milestones: Milestone[];
}
interface FixturePlan {
  year: number;
  tasks: FixtureTask[];
}

function loadPlan(name: string): FixturePlan {
  const url = new URL(`../../../shared/fixtures/plans/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as FixturePlan;
}

interface FixtureCase {
  plan: string;
  ref: string;
  text: string;
  year: number;
  expected: Milestone[];
}

function fixtureCases(): FixtureCase[] {
  const out: FixtureCase[] = [];
  for (const name of ["ngoc-son-2024.json", "loc-hoa-2025.json"]) {
    const plan = loadPlan(name);
    const seen = new Set<string>();
    for (const t of plan.tasks) {
      if (seen.has(t.deadline_text)) continue;
      seen.add(t.deadline_text);
      out.push({ plan: name, ref: t.ref, text: t.deadline_text, year: plan.year, expected: t.milestones });
    }
  }
  return out;
}

// Cells of the fixtures whose reading is expected to carry a problem (damaged source).
const FIXTURE_PROBLEMS = new Set(["Văn phòng UBND xã; Các bộ phận có liên quan"]);

const pick = (m: Milestone) => ({ label: m.label, kind: m.kind, due: m.due, every: m.every });

describe("parseDeadline — fixture plans", () => {
  it.each(fixtureCases())("$plan $ref: $text", ({ text, year, expected }) => {
    const r = parseDeadline(text, year);
    expect(r.milestones.map(pick)).toEqual(expected.map(pick));
    expect(r.milestones.map((m) => m.phrase)).toEqual(expected.map((m) => m.phrase));
    expect(r.problems.length > 0).toBe(FIXTURE_PROBLEMS.has(text));
  });
});

// ---------------------------------------------------------------------------
// Compact expectations for the hand-written tables.

type Exp = [label: string | null, kind: MilestoneKind, dueOrEvery: string | null];
const D = (due: string, label: string | null = null): Exp => [label, "due", due];
const R = (every: Recurrence, label: string | null = null): Exp => [label, "recurring", every];
const C = (label: string | null = null): Exp => [label, "continuous", null];
const U = (label: string | null = null): Exp => [label, "unspecified", null];

interface Case {
  text: string;
  year: number;
  exp: Exp[];
  /** Whether a problem must be reported (default: no). */
  problem?: boolean;
}

function check({ text, year, exp, problem }: Case): void {
  const r = parseDeadline(text, year);
  const got = r.milestones.map((m): Exp => [m.label, m.kind, m.kind === "due" ? m.due : m.every]);
  expect(got).toEqual(exp);
  for (const m of r.milestones) {
    if (m.kind === "due") expect(m.every).toBeNull();
    if (m.kind === "recurring") expect(m.due).toBeNull();
    if (m.kind === "continuous" || m.kind === "unspecified") {
      expect(m.due).toBeNull();
      expect(m.every).toBeNull();
    }
  }
  if (problem) {
    expect(r.problems.length).toBeGreaterThan(0);
    for (const p of r.problems) expect(p).toMatch(/chưa xác định/);
  } else {
    expect(r.problems).toEqual([]);
  }
}

// ---------------------------------------------------------------------------
// Every distinct deadline cell found in seeds 000 (Ngọc Sơn 2024) and 002 (Lộc Hòa 2025),
// with the line breaks of the extracted text where the seed has them.

const SEED_CASES: Case[] = [
  // seed 000
  { text: "Theo thời gian quy định.", year: 2024, exp: [U()] },
  {
    text: "- Kế hoạch kiểm tra, rà\nsoát văn bản QPPL:\nChậm nhất trong Quý\nI/2024.\n- Báo cáo kết quả rà soát:\nĐịnh kỳ hằng Quý.",
    year: 2024,
    exp: [D("2024-03-31", "Kế hoạch kiểm tra, rà soát văn bản QPPL"), R("quarter", "Báo cáo kết quả rà soát")],
  },
  { text: "Thường xuyên.", year: 2024, exp: [C()] },
  {
    text: "- Kế hoạch của UBND\nxã: Chậm nhất trong Quý\nI/2024.\n- Báo cáo kết quả thực\nhiện: Tháng 11/2024.",
    year: 2024,
    exp: [D("2024-03-31", "Kế hoạch của UBND xã"), D("2024-11-30", "Báo cáo kết quả thực hiện")],
  },
  { text: "Định kỳ\nhằng Quý.", year: 2024, exp: [R("quarter")] },
  { text: "Định kỳ hằng\nQuý.", year: 2024, exp: [R("quarter")] },
  {
    text: "- Tổ chức thực hiện: Thường xuyên.\n- Báo cáo kết quả thực hiện: Định kỳ hằng Quý.",
    year: 2024,
    exp: [C("Tổ chức thực hiện"), R("quarter", "Báo cáo kết quả thực hiện")],
  },
  { text: "Theo hướng dẫn\ncủa Văn phòng Chính phủ.", year: 2024, exp: [U()] },
  {
    text: "- Tổ chức thực hiện: Thường xuyên.\n- Báo cáo kết quả thực hiện trong báo cáo kiểm soát TTHC của đơn vị: Định kỳ hằng Quý.",
    year: 2024,
    exp: [C("Tổ chức thực hiện"), R("quarter", "Báo cáo kết quả thực hiện trong báo cáo kiểm soát TTHC của đơn vị")],
  },
  {
    text: "- Thực hiện Kế hoạch:\nTrong năm 2024\n- Báo cáo kết quả thực\nhiện: Định kỳ hằng Quý\nvà năm 2024.",
    year: 2024,
    exp: [
      D("2024-12-31", "Thực hiện Kế hoạch"),
      R("quarter", "Báo cáo kết quả thực hiện"),
      D("2024-12-31", "Báo cáo kết quả thực hiện"),
    ],
  },
  { text: "Báo cáo định kỳ\nhằng Quý.", year: 2024, exp: [R("quarter")] },
  { text: "Năm 2024", year: 2024, exp: [D("2024-12-31")] },
  {
    text: "Báo cáo định kỳ\nhằng Quý (cùng\nBáo cáo cải cách hành chính của đơn vị).",
    year: 2024,
    exp: [R("quarter")],
  },
  {
    text: "- Tự kiểm tra: Trong năm 2024.\n- Báo cáo kết quả thực hiện: Tháng 12/2024.",
    year: 2024,
    exp: [D("2024-12-31", "Tự kiểm tra"), D("2024-12-31", "Báo cáo kết quả thực hiện")],
  },
  { text: "Ngay sau khi các Bộ, ngành ban hành văn bản hướng dẫn.", year: 2024, exp: [U()] },
  {
    text: "- Xây dựng Kế\nhoạch: Chậm nhất\nQuý II/2024.\n- Báo cáo kết quả\nthực hiện: Chậm nhất\nQuý I/2025.",
    year: 2024,
    exp: [D("2024-06-30", "Xây dựng Kế hoạch"), D("2025-03-31", "Báo cáo kết quả thực hiện")],
  },
  {
    text: "- Tổ chức các lớp:\nThường xuyên.\n- Báo cáo kết quả thực\nhiện: Quý IV/2024.",
    year: 2024,
    exp: [C("Tổ chức các lớp"), D("2024-12-31", "Báo cáo kết quả thực hiện")],
  },
  { text: "Báo cáo kết quả thực hiện: Quý IV/2024.", year: 2024, exp: [D("2024-12-31", "Báo cáo kết quả thực hiện")] },
  {
    text: "- Kế hoạch kiểm tra: Quý I/2024.\n- Báo cáo kết quả thực hiện: Trước ngày 30/12/2024.",
    year: 2024,
    exp: [D("2024-03-31", "Kế hoạch kiểm tra"), D("2024-12-29", "Báo cáo kết quả thực hiện")],
  },
  { text: "Tháng 3/2024 (sau khi\nUBND huyện  ban\nhành)", year: 2024, exp: [D("2024-03-31")] },
  { text: "Tháng 12/2024.\n(Tháng 12 mới họp\nHĐND)", year: 2024, exp: [D("2024-12-31")] },
  { text: "Quý IV/2024.", year: 2024, exp: [D("2024-12-31")] },
  {
    text:
      "- Văn bản triển\nkhai: Ngay sau khi\ncó chỉ đạo của\nChính phủ; Thủ\ntướng Chính phủ,\nBan Chỉ đạo.\n" +
      "- Báo cáo kết quả\nthực hiện cùng với\nBáo cáo cải cách\nhành chính định kỳ\nhằng Quý.",
    year: 2024,
    exp: [U("Văn bản triển khai"), R("quarter")],
  },
  {
    text: "- Hoàn thành việc chấm điểm xác\ncấp xã: Trước ngày\n30/11/2024;",
    year: 2024,
    exp: [D("2024-11-29", "Hoàn thành việc chấm điểm xác cấp xã")],
  },
  {
    text: "- Hợp đồng tuyên truyền: Trong năm\n2024.\n- Báo cáo kết quả\nthực hiện: Định kỳ\nhằng Quý hoặc đột\nxuất theo quy định.",
    year: 2024,
    exp: [D("2024-12-31", "Hợp đồng tuyên truyền"), R("quarter", "Báo cáo kết quả thực hiện")],
  },
  {
    text:
      "- Kế hoạch kiểm tra:\nQuý I/2024;\n- Thông báo kết quả\nkiểm tra: Ngay sau\nkết thúc các cuộc\nkiểm tra;\n" +
      "- Báo cáo kết quả\nthực hiện: Tháng\n12/2024.",
    year: 2024,
    exp: [D("2024-03-31", "Kế hoạch kiểm tra"), U("Thông báo kết quả kiểm tra"), D("2024-12-31", "Báo cáo kết quả thực hiện")],
  },
  // seed 000, prose on reporting ("định kỳ hàng quý, 6 tháng, 9 tháng, cả năm hoặc đột xuất")
  { text: "Định kỳ hàng quý, 6 tháng, 9 tháng, cả năm hoặc đột xuất", year: 2024, exp: [R("quarter")] },
  // seed 002
  { text: "Theo thời hạn đã đăng ký", year: 2025, exp: [U()] },
  { text: "Thường xuyên", year: 2025, exp: [C()] },
  { text: "Quý I/2025", year: 2025, exp: [D("2025-03-31")] },
  { text: "Theo hướng dẫn của tỉnh", year: 2025, exp: [U()] },
  { text: "Theo tiến độ phê duyệt", year: 2025, exp: [U()] },
  { text: "Khi có kế hoạch của tỉnh", year: 2025, exp: [U()] },
  { text: "Năm 2025", year: 2025, exp: [D("2025-12-31")] },
  // a merged cell of four sub-rows, joined with spaces
  { text: "Thường xuyên Thường xuyên Thường xuyên Thường xuyên", year: 2025, exp: [C()] },
  { text: "Văn phòng UBND xã; Các bộ phận có liên quan", year: 2025, exp: [U()], problem: true },
];

describe("parseDeadline — phrases of seeds 000 and 002", () => {
  it.each(SEED_CASES)("$year: $text", (c) => check(c));
});

// ---------------------------------------------------------------------------
// Invented variants of each form.

const VARIANTS: Case[] = [
  // quarters: Roman/Arabic, quý/quí, diacritics, compact forms, year forms
  { text: "Quý IV/2024", year: 2024, exp: [D("2024-12-31")] },
  { text: "quý 4/2024", year: 2024, exp: [D("2024-12-31")] },
  { text: "Quý 4 năm 2024", year: 2024, exp: [D("2024-12-31")] },
  { text: "Quý III, năm 2024", year: 2024, exp: [D("2024-09-30")] },
  { text: "QIV/2024", year: 2024, exp: [D("2024-12-31")] },
  { text: "Q4/2024", year: 2024, exp: [D("2024-12-31")] },
  { text: "Q2-2024", year: 2024, exp: [D("2024-06-30")] },
  { text: "quy I/2024", year: 2024, exp: [D("2024-03-31")] },
  { text: "Quí II/2024", year: 2024, exp: [D("2024-06-30")] },
  { text: "QUÝ III/2024", year: 2024, exp: [D("2024-09-30")] },
  { text: "Quý I/24", year: 2024, exp: [D("2024-03-31")] },
  { text: "Quý II", year: 2024, exp: [D("2024-06-30")] },
  { text: "Trong quý III", year: 2025, exp: [D("2025-09-30")] },
  { text: "Chậm nhất Quý I/2025", year: 2024, exp: [D("2025-03-31")] },
  { text: "Cuối quý II/2024", year: 2024, exp: [D("2024-06-30")] },
  { text: "Hoàn thành trong Quý II/2024", year: 2024, exp: [D("2024-06-30")] },
  { text: "Trước hoặc trong Quý II/2024", year: 2024, exp: [D("2024-06-30")] },
  { text: "Trước Quý II/2024", year: 2024, exp: [D("2024-03-31")] },
  { text: "Truoc quy I/2025", year: 2024, exp: [D("2024-12-31")] },
  { text: "Từ Quý I đến Quý III/2024", year: 2024, exp: [D("2024-09-30")] },
  // months
  { text: "Tháng 12/2024", year: 2024, exp: [D("2024-12-31")] },
  { text: "thang 12/2024", year: 2024, exp: [D("2024-12-31")] },
  { text: "Tháng 01/2024", year: 2024, exp: [D("2024-01-31")] },
  { text: "Tháng 1/2024", year: 2024, exp: [D("2024-01-31")] },
  { text: "Tháng 2/2024", year: 2024, exp: [D("2024-02-29")] },
  { text: "Tháng 2 năm 2025", year: 2025, exp: [D("2025-02-28")] },
  { text: "Tháng 6", year: 2025, exp: [D("2025-06-30")] },
  { text: "Trong tháng 9/2024.", year: 2024, exp: [D("2024-09-30")] },
  { text: "Trước tháng 6/2024", year: 2024, exp: [D("2024-05-31")] },
  { text: "Trước tháng 1/2025", year: 2024, exp: [D("2024-12-31")] },
  { text: "11/2024", year: 2024, exp: [D("2024-11-30")] },
  { text: "Từ tháng 3 đến tháng 6/2024", year: 2024, exp: [D("2024-06-30")] },
  // days
  { text: "Ngày 15/12/2024", year: 2024, exp: [D("2024-12-15")] },
  { text: "15-12-2024", year: 2024, exp: [D("2024-12-15")] },
  { text: "15.12.2024", year: 2024, exp: [D("2024-12-15")] },
  { text: "ngày 15 tháng 12 năm 2024", year: 2024, exp: [D("2024-12-15")] },
  { text: "Trước 31/01/2024", year: 2024, exp: [D("2024-01-30")] },
  { text: "Trước ngày 30/11/2024", year: 2024, exp: [D("2024-11-29")] },
  { text: "Truoc ngay 15/12", year: 2024, exp: [D("2024-12-14")] },
  { text: "Trước ngày 01/3/2024", year: 2024, exp: [D("2024-02-29")] },
  { text: "Trước ngày 1/1/2025", year: 2024, exp: [D("2024-12-31")] },
  { text: "Chậm nhất ngày 20/10", year: 2025, exp: [D("2025-10-20")] },
  { text: "Hoàn thành trước ngày 15/6/2025", year: 2025, exp: [D("2025-06-14")] },
  { text: "Trước ngày 15/6 và 15/12/2024", year: 2024, exp: [D("2024-06-14"), D("2024-12-14")] },
  { text: "Trước ngày 15/6 và tháng 12/2024", year: 2024, exp: [D("2024-06-14"), D("2024-12-31")] },
  // years and halves
  { text: "Trong năm 2024", year: 2024, exp: [D("2024-12-31")] },
  { text: "Trong năm", year: 2025, exp: [D("2025-12-31")] },
  { text: "Cả năm", year: 2024, exp: [D("2024-12-31")] },
  { text: "Ca nam", year: 2025, exp: [D("2025-12-31")] },
  { text: "Năm 2025", year: 2024, exp: [D("2025-12-31")] },
  { text: "Cuối năm 2024", year: 2024, exp: [D("2024-12-31")] },
  { text: "6 tháng đầu năm 2024", year: 2024, exp: [D("2024-06-30")] },
  { text: "6 tháng cuối năm", year: 2024, exp: [D("2024-12-31")] },
  { text: "Sáu tháng đầu năm", year: 2025, exp: [D("2025-06-30")] },
  { text: "9 tháng năm 2024", year: 2024, exp: [D("2024-09-30")] },
  // recurrences
  { text: "Hàng quý", year: 2024, exp: [R("quarter")] },
  { text: "hằng quí", year: 2024, exp: [R("quarter")] },
  { text: "Định kỳ hàng quý.", year: 2024, exp: [R("quarter")] },
  { text: "dinh ky hang quy", year: 2024, exp: [R("quarter")] },
  { text: "Mỗi quý", year: 2024, exp: [R("quarter")] },
  { text: "Theo quý", year: 2024, exp: [R("quarter")] },
  { text: "6 tháng một lần", year: 2024, exp: [R("half-year")] },
  { text: "Định kỳ 6 tháng", year: 2024, exp: [R("half-year")] },
  { text: "3 tháng/lần", year: 2024, exp: [R("quarter")] },
  { text: "Hằng năm", year: 2024, exp: [R("year")] },
  { text: "Hàng tháng", year: 2024, exp: [R("month")] },
  { text: "Định kỳ hằng Quý hoặc đột xuất theo quy định", year: 2024, exp: [R("quarter")] },
  { text: "Định kỳ hằng quý và năm 2025", year: 2025, exp: [R("quarter"), D("2025-12-31")] },
  { text: "Báo cáo định kỳ hằng Quý (cùng Báo cáo CCHC của đơn vị)", year: 2024, exp: [R("quarter")] },
  { text: "Hằng quý và 6 tháng đầu năm", year: 2024, exp: [R("quarter"), D("2024-06-30")] },
  // continuous
  { text: "Thường xuyên, liên tục", year: 2024, exp: [C()] },
  { text: "thuong xuyen", year: 2024, exp: [C()] },
  { text: "Thường xuyên trong năm 2024", year: 2024, exp: [C()] },
  { text: "Liên tục.", year: 2024, exp: [C()] },
  // multi-part labelled cells
  {
    text: "- Kế hoạch kiểm tra: Quý I/2024; - Báo cáo kết quả thực hiện: Trước ngày 30/12/2024.",
    year: 2024,
    exp: [D("2024-03-31", "Kế hoạch kiểm tra"), D("2024-12-29", "Báo cáo kết quả thực hiện")],
  },
  {
    text: "+ Ban hành kế hoạch: quý 1/2025\n+ Báo cáo: hằng quý",
    year: 2025,
    exp: [D("2025-03-31", "Ban hành kế hoạch"), R("quarter", "Báo cáo")],
  },
  {
    text: "• Xây dựng: Tháng 3/2025 • Triển khai: Thường xuyên • Tổng kết: Tháng 12/2025",
    year: 2025,
    exp: [D("2025-03-31", "Xây dựng"), C("Triển khai"), D("2025-12-31", "Tổng kết")],
  },
  {
    text: "– Kế hoạch: Quý I/2025. – Báo cáo: Theo yêu cầu của UBND huyện.",
    year: 2025,
    exp: [D("2025-03-31", "Kế hoạch"), U("Báo cáo")],
  },
  {
    text: "- Kế hoạch: Quý I/2024 - Báo cáo kết quả: 6 tháng một lần",
    year: 2024,
    exp: [D("2024-03-31", "Kế hoạch"), R("half-year", "Báo cáo kết quả")],
  },
  {
    text: "Kế hoạch: Quý I/2024; Báo cáo: Tháng 12/2024",
    year: 2024,
    exp: [D("2024-03-31", "Kế hoạch"), D("2024-12-31", "Báo cáo")],
  },
  { text: "Báo cáo: Quý I/2024; Quý III/2024", year: 2024, exp: [D("2024-03-31", "Báo cáo"), D("2024-09-30", "Báo cáo")] },
  { text: "- Quý II/2024\n- Quý IV/2024", year: 2024, exp: [D("2024-06-30"), D("2024-12-31")] },
  {
    text: "- Tư pháp - Hộ tịch: Quý II/2024",
    year: 2024,
    exp: [D("2024-06-30", "Tư pháp - Hộ tịch")],
  },
  // cells whose parts are separated by line breaks, ";" or sentences without bullets
  { text: "Quý I/2024\nQuý III/2024", year: 2024, exp: [D("2024-03-31"), D("2024-09-30")] },
  { text: "Thường xuyên\nThường xuyên", year: 2025, exp: [C()] },
  {
    text: "Kế hoạch: Quý I/2024\nBáo cáo: Quý IV/2024",
    year: 2024,
    exp: [D("2024-03-31", "Kế hoạch"), D("2024-12-31", "Báo cáo")],
  },
  {
    text: "Kế hoạch: Quý I/2024. Báo cáo: Quý IV/2024.",
    year: 2024,
    exp: [D("2024-03-31", "Kế hoạch"), D("2024-12-31", "Báo cáo")],
  },
  { text: "Kế hoạch kiểm tra:\nQuý I/2024", year: 2024, exp: [D("2024-03-31", "Kế hoạch kiểm tra")] },
  // more forms
  { text: "Trước 17:00 ngày 15/12/2024", year: 2024, exp: [D("2024-12-14")] },
  { text: "Đến hết năm 2024", year: 2024, exp: [D("2024-12-31")] },
  { text: "Quý I - Quý II/2024", year: 2024, exp: [D("2024-06-30")] },
  { text: "Tháng 12/2024 và Quý I/2025", year: 2024, exp: [D("2024-12-31"), D("2025-03-31")] },
  { text: "1 năm/lần", year: 2024, exp: [R("year")] },
  { text: "Hằng tuần", year: 2024, exp: [C()] },
  { text: "Kịp thời", year: 2024, exp: [U()] },
  { text: "5 tháng một lần", year: 2024, exp: [U()], problem: true },
  // noise parentheses and note sentences
  { text: "Quý II/2024 (sau khi có hướng dẫn của huyện)", year: 2024, exp: [D("2024-06-30")] },
  { text: "Tháng 6/2025. (Chờ kế hoạch của huyện)", year: 2025, exp: [D("2025-06-30")] },
  { text: "Năm 2024 (theo Kế hoạch số 12/KH-UBND)", year: 2024, exp: [D("2024-12-31")] },
  // outside events: unspecified, no problem
  { text: "Theo thời gian UBND huyện yêu cầu", year: 2024, exp: [U()] },
  { text: "Sau khi Kho dữ liệu dùng chung của tỉnh được triển khai", year: 2024, exp: [U()] },
  { text: "Khi có yêu cầu", year: 2024, exp: [U()] },
  { text: "Đột xuất", year: 2024, exp: [U()] },
  { text: "Theo kế hoạch của huyện", year: 2025, exp: [U()] },
  { text: "Ngay sau khi có chỉ đạo của Chính phủ; Thủ tướng Chính phủ, Ban Chỉ đạo", year: 2024, exp: [U()] },
  { text: "theo huong dan cua tinh", year: 2024, exp: [U()] },
  { text: "Theo quy định", year: 2024, exp: [U()] },
  // an event with a hard limit keeps the limit
  { text: "Sau khi UBND huyện ban hành, chậm nhất Quý III/2024", year: 2024, exp: [D("2024-09-30")] },
  // bad dates: unspecified + problem
  { text: "Quý V/2024", year: 2024, exp: [U()], problem: true },
  { text: "Quý 5/2024", year: 2024, exp: [U()], problem: true },
  { text: "31/02/2024", year: 2024, exp: [U()], problem: true },
  { text: "Ngày 31/4/2025", year: 2025, exp: [U()], problem: true },
  { text: "Tháng 13/2024", year: 2024, exp: [U()], problem: true },
  { text: "Tháng 0/2024", year: 2024, exp: [U()], problem: true },
  {
    text: "- Kế hoạch: Quý I/2024. - Báo cáo: Quý V/2024.",
    year: 2024,
    exp: [D("2024-03-31", "Kế hoạch"), U("Báo cáo")],
    problem: true,
  },
  // unknown text: unspecified + problem, never a silent guess
  { text: "Sớm nhất có thể", year: 2024, exp: [U()], problem: true },
  { text: "Đầu quý II/2024", year: 2024, exp: [U()], problem: true },
  { text: "Quý I/2024 xong bước 1", year: 2024, exp: [U()], problem: true },
  { text: "Sau Quý I/2024", year: 2024, exp: [U()], problem: true },
  { text: "Định kỳ", year: 2024, exp: [U()], problem: true },
  { text: "Kế hoạch cải cách hành chính năm 2024", year: 2024, exp: [U()], problem: true },
  { text: "- Kế hoạch:", year: 2024, exp: [U("Kế hoạch")], problem: true },
];

describe("parseDeadline — invented variants", () => {
  it.each(VARIANTS)("$year: $text", (c) => check(c));
});

describe("parseDeadline — details", () => {
  it("reads nothing from an empty cell", () => {
    expect(parseDeadline("", 2024)).toEqual({ milestones: [], problems: [] });
    expect(parseDeadline("  \n\t ", 2024)).toEqual({ milestones: [], problems: [] });
  });

  it("keeps each sub-phrase of a split part", () => {
    const r = parseDeadline("- Báo cáo kết quả thực hiện: Định kỳ hằng Quý và năm 2024.", 2024);
    expect(r.milestones.map((m) => m.phrase)).toEqual(["Định kỳ hằng Quý", "năm 2024"]);
  });

  it("keeps the phrase as written, without label and trailing punctuation", () => {
    const r = parseDeadline("- Kế hoạch: Chậm nhất trong Quý I/2024;", 2024);
    expect(r.milestones[0]!.phrase).toBe("Chậm nhất trong Quý I/2024");
    expect(r.milestones[0]!.label).toBe("Kế hoạch");
  });

  it("quotes the phrase it did not understand, in Vietnamese", () => {
    const r = parseDeadline("Văn phòng UBND xã; Các bộ phận có liên quan", 2025);
    expect(r.problems).toEqual([
      'Không hiểu thời hạn "Văn phòng UBND xã; Các bộ phận có liên quan"; đã ghi là chưa xác định.',
    ]);
  });

  it("names the invalid part of a bad date", () => {
    expect(parseDeadline("Quý V/2024", 2024).problems[0]).toMatch(/Quý V\/2024.*không có quý V/);
    expect(parseDeadline("31/02/2024", 2024).problems[0]).toMatch(/31\/2\/2024 không tồn tại/);
  });

  it("reads the same with or without diacritics and in decomposed Unicode", () => {
    const a = parseDeadline("Chậm nhất trong Quý I/2024", 2024).milestones.map(pick);
    expect(parseDeadline("Cham nhat trong Quy I/2024", 2024).milestones.map(pick)).toEqual(a);
    expect(parseDeadline("Chậm nhất trong Quý I/2024".normalize("NFD"), 2024).milestones.map(pick)).toEqual(a);
  });

  it("reports outside events without a problem", () => {
    for (const t of [
      "Theo thời gian quy định",
      "Theo thời gian UBND huyện yêu cầu",
      "Theo hướng dẫn của tỉnh",
      "Ngay sau khi có chỉ đạo của Chính phủ",
      "Khi có kế hoạch của tỉnh",
      "Sau khi Kho dữ liệu được triển khai",
      "Theo tiến độ phê duyệt",
      "Theo thời hạn đã đăng ký",
      "Ngay sau kết thúc các cuộc kiểm tra",
      "Khi có yêu cầu",
      "Đột xuất",
    ]) {
      const r = parseDeadline(t, 2024);
      expect(r.problems, t).toEqual([]);
      expect(r.milestones.map(pick), t).toEqual([{ label: null, kind: "unspecified", due: null, every: null }]);
    }
  });

  it("is fast", () => {
    const cells = fixtureCases().map((c) => c.text);
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) for (const c of cells) parseDeadline(c, 2024);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
