import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_TITLES,
  guessTitleKind,
  guessTitleName,
  matchTitle,
  splitUnits,
  titleKey,
  type TitleDef,
} from "../../src/domain/titles.ts";

interface FixtureTask {
  lead: string[];
  support: string[];
}

function fixtureUnits(file: string): string[] {
  const url = new URL(`../../../shared/fixtures/plans/${file}`, import.meta.url);
  const plan = JSON.parse(readFileSync(url, "utf8")) as { tasks: FixtureTask[] };
  return plan.tasks.flatMap((t) => [...t.lead, ...t.support]);
}

const GROUP = "Các bộ phận, công chức liên quan";

// Every distinct lead/support string of both fixtures, mapped by hand.
const FIXTURE_EXPECTED: Record<string, string | null> = {
  "Bộ phận Tiếp nhận và Trả kết quả UBND xã": "Bộ phận Tiếp nhận và Trả kết quả",
  "Bộ phận một cửa xã": "Bộ phận Tiếp nhận và Trả kết quả",
  "CC Tư pháp-hộ tịch": "Tư pháp - Hộ tịch",
  "CC Tư pháp-hộ tịch: Thực hiện rà soát theo Kế hoạch của UBND huyện hoặc thường xuyên rà soát, kiến nghị":
    "Tư pháp - Hộ tịch",
  "Các Công chức chuyên môn UBND xã": GROUP,
  "Các bộ phận chuyên môn": GROUP,
  "Các bộ phận có liên quan": GROUP,
  "Các bộ phận công chức chuyên môn": GROUP,
  "Các công chức chuyên môn": GROUP,
  "Các công chức chuyên môn UBND xã": GROUP,
  "Các công chức chuyên môn có liên quan": GROUP,
  "Các công chức có liên quan": GROUP,
  "Các công chức liên quan": GROUP,
  "Công chức Tài chính- kế toán": "Tài chính - Kế toán",
  "Công chức Tư pháp – hộ tịch": "Tư pháp - Hộ tịch",
  "Công chức Tư pháp-hộ tịch": "Tư pháp - Hộ tịch",
  "Công chức Văn hoá – xã hội": "Văn hóa - Xã hội",
  "Công chức Văn hoá-xã hội": "Văn hóa - Xã hội",
  "Công chức Văn phòng-thống kê": "Văn phòng - Thống kê",
  "Ngân hàng thương mại cung cấp dịch vụ": null,
  "Tài chính - Kế toán": "Tài chính - Kế toán",
  "Tài chính - Kế toán xã": "Tài chính - Kế toán",
  "Tư pháp - Hộ tịch": "Tư pháp - Hộ tịch",
  "Tư pháp – Hộ tịch": "Tư pháp - Hộ tịch",
  "Tư pháp – Hộ tịch (trên CSDL Quốc gia)": "Tư pháp - Hộ tịch",
  "Tư pháp – hộ tịch": "Tư pháp - Hộ tịch",
  "Văn hóa – xã hội": "Văn hóa - Xã hội",
  "Văn hóa – xã hội (TBXH)": "Văn hóa - Xã hội",
  "Văn phòng UBND": "Văn phòng UBND xã",
  "Văn phòng UBND xã": "Văn phòng UBND xã",
  "Văn phòng UBND xã (trên Công TTĐT tỉnh)": "Văn phòng UBND xã",
  "Văn phòng – thống kê": "Văn phòng - Thống kê",
  "Văn phòng-thống kê": "Văn phòng - Thống kê",
};

describe("fixtures: every lead/support string", () => {
  const units = [...new Set([...fixtureUnits("ngoc-son-2024.json"), ...fixtureUnits("loc-hoa-2025.json")])];

  it("the hand-written table covers every distinct string", () => {
    expect(units.filter((u) => !(u in FIXTURE_EXPECTED))).toEqual([]);
  });

  it.each(units.map((u) => [u, FIXTURE_EXPECTED[u] ?? null] as const))("%s → %s", (raw, expected) => {
    expect(matchTitle(raw, DEFAULT_TITLES).title?.name ?? null).toBe(expected);
  });
});

describe("matchTitle: variants", () => {
  it.each<[string, string | null]>([
    // spelling, dashes, diacritics
    ["Tư pháp-Hộ tịch", "Tư pháp - Hộ tịch"],
    ["Tư pháp hộ tịch", "Tư pháp - Hộ tịch"],
    ["tu phap - ho tich", "Tư pháp - Hộ tịch"],
    ["TU PHAP HO TICH", "Tư pháp - Hộ tịch"],
    ["Công chức Tư pháp – hộ tịch.", "Tư pháp - Hộ tịch"],
    ["Văn hoá - Xã hội", "Văn hóa - Xã hội"],
    ["Văn hóa xã hội", "Văn hóa - Xã hội"],
    ["Van hoa - xa hoi", "Văn hóa - Xã hội"],
    ["Văn phòng – thống kê", "Văn phòng - Thống kê"],
    ["Tài chính – kế toán", "Tài chính - Kế toán"],
    ["Tai chinh ke toan xa", "Tài chính - Kế toán"],
    // abbreviations derived from names
    ["TP-HT", "Tư pháp - Hộ tịch"],
    ["TPHT", "Tư pháp - Hộ tịch"],
    ["tp - ht", "Tư pháp - Hộ tịch"],
    ["VP-TK", "Văn phòng - Thống kê"],
    ["TC-KT", "Tài chính - Kế toán"],
    ["VH-XH", "Văn hóa - Xã hội"],
    ["CC ĐC-XD", "Địa chính - Xây dựng"],
    // prefixes, suffixes, qualifiers, explanations
    ["Đ/c Tư pháp - Hộ tịch", "Tư pháp - Hộ tịch"],
    ["Cán bộ Văn hóa - Xã hội", "Văn hóa - Xã hội"],
    ["CC Văn phòng - Thống kê thị trấn", "Văn phòng - Thống kê"],
    ["Tư pháp - Hộ tịch UBND xã", "Tư pháp - Hộ tịch"],
    ["Tài chính - Kế toán (phần ngân sách)", "Tài chính - Kế toán"],
    ["Văn hóa – xã hội: phụ trách chính sách, lao động", "Văn hóa - Xã hội"],
    // Địa chính family
    ["Địa chính - Xây dựng - Đô thị và Môi trường", "Địa chính - Xây dựng"],
    ["Địa chính - Xây dựng – Đô thị &Môi trường", "Địa chính - Xây dựng"],
    ["Địa chính - Nông nghiệp - Xây dựng và Môi trường", "Địa chính - Xây dựng"],
    ["Công chức Địa chính - Xây dựng", "Địa chính - Xây dựng"],
    ["Địa chính xây dựng đô thị và môi trường", "Địa chính - Xây dựng"],
    // units and leaders
    ["Chỉ huy trưởng Quân sự", "Chỉ huy trưởng Quân sự"],
    ["Ban chỉ huy quân sự xã", "Chỉ huy trưởng Quân sự"],
    ["Công an xã", "Công an xã"],
    ["Công an thị trấn", "Công an xã"],
    ["Bộ phận một cửa", "Bộ phận Tiếp nhận và Trả kết quả"],
    ["Bộ phận 1 cửa", "Bộ phận Tiếp nhận và Trả kết quả"],
    ["Bộ phận TN & TKQ xã", "Bộ phận Tiếp nhận và Trả kết quả"],
    ["Bộ phận TN&TKQ", "Bộ phận Tiếp nhận và Trả kết quả"],
    ["Bộ phận tiếp nhận và trả kết quả thị trấn", "Bộ phận Tiếp nhận và Trả kết quả"],
    ["Văn phòng HĐND - UBND", "Văn phòng UBND xã"],
    ["Văn phòng HĐND và UBND xã", "Văn phòng UBND xã"],
    ["Chủ tịch UBND xã", "Chủ tịch UBND xã"],
    ["Chủ tịch UBND thị trấn", "Chủ tịch UBND xã"],
    ["Phó Chủ tịch UBND xã", "Phó Chủ tịch UBND xã"],
    ["Phó chủ tịch UBND", "Phó Chủ tịch UBND xã"],
    // generic groups, matched by form rather than by listed string
    ["Các bộ phận, công chức liên quan", GROUP],
    ["các ban, ngành, đoàn thể", GROUP],
    ["Các ban ngành đoàn thể xã", GROUP],
    ["Các bộ phận, công chức chuyên môn có liên quan", GROUP],
    ["Các cán bộ, công chức thuộc UBND xã", GROUP],
    ["Cac bo phan chuyen mon", GROUP],
    // unknown units
    ["Ngân hàng thương mại cung cấp dịch vụ", null],
    ["Đài truyền thanh xã", null],
    ["Phòng Kinh tế", null],
    ["Phòng Văn hóa - Xã hội", null],
    ["Các trường trên địa bàn xã", null],
    ["Chủ tịch Hội Nông dân", null],
    ["", null],
  ])("%s → %s", (raw, expected) => {
    expect(matchTitle(raw, DEFAULT_TITLES).title?.name ?? null).toBe(expected);
  });
});

describe("matchTitle: an office's own catalogue", () => {
  const office: TitleDef[] = [
    ...DEFAULT_TITLES.map((t) =>
      t.name === "Tư pháp - Hộ tịch" ? { ...t, aliases: [...t.aliases, "Ban Tư pháp"] } : t,
    ),
    { name: "Phòng Kinh tế", kind: "unit", aliases: ["Kinh tế - Hạ tầng"] },
    { name: "Phòng Văn hóa - Xã hội", kind: "unit", aliases: [] },
  ];

  it.each<[string, string | null]>([
    ["Ban Tư pháp", "Tư pháp - Hộ tịch"],
    ["ban tu phap xa", "Tư pháp - Hộ tịch"],
    ["Phòng Kinh tế", "Phòng Kinh tế"],
    ["Phòng kinh tế xã", "Phòng Kinh tế"],
    ["KT-HT", "Phòng Kinh tế"], // abbreviation derived from the office's alias
    ["Phòng Văn hoá – xã hội", "Phòng Văn hóa - Xã hội"],
    ["Văn hóa - Xã hội", "Văn hóa - Xã hội"],
    ["Đài truyền thanh xã", null],
  ])("%s → %s", (raw, expected) => {
    expect(matchTitle(raw, office).title?.name ?? null).toBe(expected);
  });

  it("an alias stored under titleKey is found again for the same variants", () => {
    const key = titleKey("Đài truyền thanh xã");
    const withAlias: TitleDef[] = [...office, { name: "Đài truyền thanh", kind: "unit", aliases: [key] }];
    expect(matchTitle("Đài Truyền thanh", withAlias).title?.name).toBe("Đài truyền thanh");
    expect(matchTitle("dai truyen thanh thi tran", withAlias).title?.name).toBe("Đài truyền thanh");
  });
});

describe("titleKey", () => {
  it.each<[string[], string]>([
    [["CC Tư pháp-hộ tịch", "Công chức Tư pháp – Hộ tịch", "Tư pháp hộ tịch.", "Đ/c tu phap - ho tich xã"], "tu phap ho tich"],
    [["Văn hoá – xã hội (TBXH)", "Văn hóa - Xã hội", "VĂN HÓA XÃ HỘI"], "van hoa xa hoi"],
    [["TP-HT", "tp – ht"], "tp ht"],
    [["Đài truyền thanh xã", "Đài truyền thanh"], "dai truyen thanh"],
  ])("%j → %s", (variants, key) => {
    for (const v of variants) expect(titleKey(v)).toBe(key);
  });

  it("returns the key with the match", () => {
    expect(matchTitle("Công chức Tài chính- kế toán", DEFAULT_TITLES).key).toBe("tai chinh ke toan");
  });
});

describe("guessTitleName / guessTitleKind", () => {
  it.each<[string, string]>([
    ["Ngân hàng thương mại cung cấp dịch vụ", "Ngân hàng thương mại cung cấp dịch vụ"],
    ["  Đài truyền thanh xã. ", "Đài truyền thanh xã"],
    ["Phòng Kinh tế (phụ trách nông nghiệp)", "Phòng Kinh tế"],
    ["CC Giao thông-thủy lợi: phối hợp kiểm tra", "Giao thông - Thủy lợi"],
    ["Công chức văn hóa – thông tin", "Văn hóa - Thông tin"],
    ["phòng kinh tế – hạ tầng", "Phòng kinh tế - Hạ tầng"],
  ])("name %s → %s", (raw, name) => {
    expect(guessTitleName(raw)).toBe(name);
  });

  it.each<[string, string]>([
    ["Phòng Kinh tế", "unit"],
    ["Ban Chỉ đạo CCHC xã", "unit"],
    ["Bộ phận văn thư", "unit"],
    ["Đài truyền thanh xã", "unit"],
    ["Công an xã", "unit"],
    ["Chủ tịch UBND xã", "leader"],
    ["Phó Chủ tịch HĐND", "leader"],
    ["Các trường trên địa bàn xã", "group"],
    ["Ngân hàng thương mại cung cấp dịch vụ", "external"],
    ["Công ty Điện lực", "external"],
    ["Bưu điện xã", "external"],
    ["Giao thông - Thủy lợi", "officer"],
    ["CC Lao động - Thương binh", "officer"],
  ])("kind %s → %s", (raw, kind) => {
    expect(guessTitleKind(raw)).toBe(kind);
  });
});

describe("splitUnits", () => {
  it.each<[string[], string[]]>([
    [["Tư pháp – hộ tịch"], ["Tư pháp – hộ tịch"]],
    [
      ["Tư pháp – Hộ tịch (trên CSDL Quốc gia); Văn phòng UBND xã (trên Công TTĐT tỉnh)"],
      ["Tư pháp – Hộ tịch (trên CSDL Quốc gia)", "Văn phòng UBND xã (trên Công TTĐT tỉnh)"],
    ],
    [["Văn phòng UBND xã; Các bộ phận có liên quan"], ["Văn phòng UBND xã", "Các bộ phận có liên quan"]],
    [
      ["CC Tư pháp-hộ tịch: Thực hiện rà soát theo Kế hoạch của UBND huyện hoặc thường xuyên rà soát, kiến nghị"],
      ["CC Tư pháp-hộ tịch: Thực hiện rà soát theo Kế hoạch của UBND huyện hoặc thường xuyên rà soát, kiến nghị"],
    ],
    [
      ["Tài chính - Kế toán, Các bộ phận chuyên môn, Ngân hàng thương mại cung cấp dịch vụ"],
      ["Tài chính - Kế toán", "Các bộ phận chuyên môn", "Ngân hàng thương mại cung cấp dịch vụ"],
    ],
    [["- Văn phòng UBND xã", "- Công an xã."], ["Văn phòng UBND xã", "Công an xã"]],
    [["+ Tư pháp - Hộ tịch;", "• Văn hóa - Xã hội,"], ["Tư pháp - Hộ tịch", "Văn hóa - Xã hội"]],
    [["- Văn phòng UBND xã\n- Tư pháp - Hộ tịch"], ["Văn phòng UBND xã", "Tư pháp - Hộ tịch"]],
    [["• Văn phòng - Thống kê • Công an xã"], ["Văn phòng - Thống kê", "Công an xã"]],
    [["các ban, ngành, đoàn thể"], ["các ban, ngành, đoàn thể"]],
    [["Các cơ quan, đơn vị liên quan"], ["Các cơ quan, đơn vị liên quan"]],
    [["Văn hóa – xã hội (TBXH)"], ["Văn hóa – xã hội (TBXH)"]],
    [["", "  ", ";", "-"], []],
  ])("%j → %j", (paragraphs, expected) => {
    expect(splitUnits(paragraphs)).toEqual(expected);
  });
});

describe("DEFAULT_TITLES", () => {
  it("holds the canonical names with their kinds", () => {
    expect(DEFAULT_TITLES.map((t) => [t.name, t.kind])).toEqual([
      ["Văn phòng - Thống kê", "officer"],
      ["Tư pháp - Hộ tịch", "officer"],
      ["Tài chính - Kế toán", "officer"],
      ["Văn hóa - Xã hội", "officer"],
      ["Địa chính - Xây dựng", "officer"],
      ["Chỉ huy trưởng Quân sự", "officer"],
      ["Công an xã", "unit"],
      ["Bộ phận Tiếp nhận và Trả kết quả", "unit"],
      ["Văn phòng UBND xã", "unit"],
      ["Chủ tịch UBND xã", "leader"],
      ["Phó Chủ tịch UBND xã", "leader"],
      [GROUP, "group"],
    ]);
  });

  it("no alias of one title is claimed by another", () => {
    for (const t of DEFAULT_TITLES) {
      for (const a of [t.name, ...t.aliases]) expect(matchTitle(a, DEFAULT_TITLES).title?.name, a).toBe(t.name);
    }
  });
});
