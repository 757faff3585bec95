// Shared vocabulary of the domain. Pure types and constants, no I/O.

/** The seven reform areas, in the order every report follows (DOMAIN.md). */
export const REFORM_AREAS = [
  { code: "direction", name: "Chỉ đạo điều hành" },
  { code: "institutions", name: "Cải cách thể chế" },
  { code: "procedures", name: "Cải cách thủ tục hành chính" },
  { code: "organisation", name: "Cải cách tổ chức bộ máy" },
  { code: "civil_service", name: "Cải cách chế độ công vụ" },
  { code: "public_finance", name: "Cải cách tài chính công" },
  { code: "digital_government", name: "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số" },
] as const;

export type AreaCode = (typeof REFORM_AREAS)[number]["code"];
export type AreaName = (typeof REFORM_AREAS)[number]["name"];

export function areaName(code: AreaCode): AreaName {
  const found = REFORM_AREAS.find((a) => a.code === code);
  if (!found) throw new Error(`unknown area code ${code}`);
  return found.name;
}

export function areaOrder(code: AreaCode): number {
  return REFORM_AREAS.findIndex((a) => a.code === code);
}

export type MilestoneKind = "due" | "recurring" | "continuous" | "unspecified";
export type Recurrence = "quarter" | "half-year" | "year" | "month";

/** One deadline read from a plan cell. `due` is a calendar date "YYYY-MM-DD". */
export interface Milestone {
  label: string | null;
  kind: MilestoneKind;
  due: string | null;
  every: Recurrence | null;
  /** The phrase as written (trimmed, without the label and trailing punctuation). */
  phrase: string;
}

export interface DeadlineReading {
  milestones: Milestone[];
  /** Vietnamese messages for every part that could not be understood. Empty when all is clear. */
  problems: string[];
}

export type PeriodRule = "decree09" | "calendar";
export type PeriodKind = "quarter" | "half" | "nine_months" | "year";

/** A reporting period of a plan year: Q1..Q4, 6 months, 9 months, the whole year. */
export interface PeriodRef {
  year: number;
  kind: PeriodKind;
  /** 1-4 for quarters; 1 for the others. */
  index: number;
}

export interface ReportingPeriod extends PeriodRef {
  /** Stable key stored with progress entries, e.g. "2024-Q1", "2024-6T", "2024-9T", "2024-N". */
  key: string;
  /** Vietnamese label, e.g. "quý I năm 2024", "6 tháng năm 2024". */
  label: string;
  /** Data window, inclusive, "YYYY-MM-DD". */
  start: string;
  end: string;
}

export type Comparator = ">=" | ">" | "=" | "<=" | "<";

/** A numeric target (chỉ tiêu) found in a task's text. */
export interface TargetReading {
  indicator: string;
  comparator: Comparator;
  value: number;
  unit: "%" | "count";
  /** The fragment it was read from, e.g. "từ 98% trở lên". */
  phrase: string;
}
