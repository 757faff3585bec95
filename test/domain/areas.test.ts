import { describe, expect, it } from "vitest";
import { areaFromName, matchArea } from "../../src/domain/areas.ts";
import { REFORM_AREAS, type AreaCode } from "../../src/domain/types.ts";

describe("matchArea", () => {
  it.each<[string, AreaCode | null]>([
    // headings named in the brief and found in the seeds
    ["Phụ lục số 02: Các nhiệm vụ trọng tâm về cải cách thủ tục hành chính", "procedures"],
    ["Các nhiệm vụ trọng tâm về cải cách thủ tục hành chính", "procedures"],
    ["II CẢI CÁCH THỂ CHẾ", "institutions"],
    ["2.5. Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức", "civil_service"],
    ["XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ", "digital_government"],
    ["Công tác chỉ đạo, điều hành, tuyên truyền về cải cách hành chính", "direction"],
    ["CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH", "direction"],
    ["I CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH CCHC", "direction"],
    ["Cải cách tổ chức bộ máy hành chính nhà nước", "organisation"],
    ["Cải cách chế độ công vụ", "civil_service"],
    ["xây dựng và phát triển chính quyền điện tử, chính quyền số", "digital_government"],
    ["chuyển đổi số", "digital_government"],
    ["Cải cách tài chính công", "public_finance"],
    ["Cải cách thể chế", "institutions"],
    ["Phụ lục số 01: Các nhiệm vụ trọng tâm về cải cách thể chế", "institutions"],
    ["Phụ lục số 03: Các nhiệm vụ trọng tâm về cải cách tổ chức bộ máy hành chính nhà nước", "organisation"],
    ["Phụ lục số 04: Các nhiệm vụ trọng tâm về cải cách chế độ công vụ", "civil_service"],
    ["Phụ lục số 05: Các nhiệm vụ trọng tâm về cải cách tài chính công", "public_finance"],
    ["Phụ lục số 06: Các nhiệm vụ trọng tâm về xây dựng Chính quyền điện tử, Chính quyền số", "digital_government"],
    ["Phụ lục số 07: Công tác chỉ đạo, điều hành, tuyên truyền về cải cách hành chính", "direction"],
    ["2.1. Công tác chỉ đạo điều hành", "direction"],
    ["2.2. Cải cách thủ tục hành chính", "procedures"],
    ["2.4. Cải cách tổ chức bộ máy.", "organisation"],
    ["2.6. Cải cách tài chính công:", "public_finance"],
    ["2. Cải cách thủ tục hành chính (TTHC)", "procedures"],
    [" 6. Xây dựng và phát triển Chính quyền điện tử, Chính quyền số", "digital_government"],
    ["VI\tXây dựng và phát triển Chính quyền điện tử, Chính quyền số", "digital_government"],
    ["<b>IV Cải cách chế độ công vụ</b>", "civil_service"],
    ["<b>VII Chỉ đạo điều hành cài cách hành chính</b>", "direction"],
    ["III\t<b>Cải cách tổ chức bộ máy</b>", "organisation"],
    // invented variants: no diacritics, case, numbering styles
    ["cai cach the che", "institutions"],
    ["CAI CACH THU TUC HANH CHINH", "procedures"],
    ["II. Cải cách TTHC", "procedures"],
    ["V. cải cách tài chính công", "public_finance"],
    ["Mục 3: Cải cách tổ chức bộ máy", "organisation"],
    ["a) Cải cách chế độ công vụ, công chức", "civil_service"],
    ["**7. Chính quyền số**", "digital_government"],
    ["Đẩy mạnh chuyển đổi số trong giải quyết TTHC", "procedures"],
    ["Chỉ đạo, điều hành cải cách hành chính", "direction"],
    ["<b>1 Kiểm soát thủ tục hành chính</b>", "procedures"],
    ["## **7. Công tác chỉ đạo, điều hành thực hiện cải cách hành chính**", "direction"],
    ["Tăng cường công tác thông tin, tuyên truyền về CCHC", "direction"],
    // not an area
    ["KINH PHÍ THỰC HIỆN", null],
    ["III. KINH PHÍ THỰC HIỆN", null],
    ["IV. TỔ CHỨC THỰC HIỆN", null],
    ["Tổ chức thực hiện", null],
    ["I MỤC TIÊU, YÊU CẦU", null],
    ["II. NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH", null],
    ["1. Một số mục tiêu, chỉ tiêu cụ thể", null],
    ["Tài chính - Kế toán", null],
    ["", null],
    [
      "Tiếp tục thực hiện rà soát, cắt giảm, đơn giản hóa TTHC nội bộ theo Quyết định số 3611/QĐ-UBND ngày 26/10/2022 của Chủ tịch UBND tỉnh ban hành Kế hoạch rà soát, đơn giản hóa TTHC nội bộ",
      null,
    ],
    ["100% TTHC công bố kịp thời; 100% TTHC nội bộ được rà soát", null],
    ["Tỷ lệ giải quyết hồ sơ TTHC đúng hạn đạt tối thiểu 96%", null],
    ["Rà soát TTHC. Công khai kết quả trên cổng dịch vụ công", null],
    // short lines that mention an area but do not name it first
    ["giải quyết TTHC của UBND xã.", null],
    ["a) Tiếp tục thực hiện rà soát, cắt giảm, đơn giản hóa TTHC nội bộ theo Quyết", null],
    ["c) Tập trung hoàn thiện đồng bộ, minh bạch các thể chế thuộc thẩm quyền", null],
    ["a) Thể chế hóa các quy định của Hiến pháp về quyền con người", null],
    ["Thực hiện tinh giản biên chế và cơ cấu, sắp xếp lại đội ngũ cán bộ công chức", null],
    ["<b>1 Đảm bảo các hạ tầng nền tảng phát triển chính quyền điện tử</b>", null],
  ])("%s → %s", (text, expected) => {
    expect(matchArea(text)).toBe(expected);
  });
});

describe("areaFromName", () => {
  it.each(REFORM_AREAS.map((a) => [a.name, a.code] as const))("exact name %s → %s", (name, code) => {
    expect(areaFromName(name)).toBe(code);
  });

  it.each<[string, AreaCode | null]>([
    ["Chính quyền điện tử, chính quyền số", "digital_government"],
    ["chinh quyen dien tu chinh quyen so", "digital_government"],
    ["Cải cách tổ chức bộ máy", "organisation"],
    ["CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "procedures"],
    ["TTHC", "procedures"],
    ["Thể chế", "institutions"],
    ["Chế độ công vụ", "civil_service"],
    ["Tài chính công", "public_finance"],
    ["chỉ đạo điều hành", "direction"],
    ["civil_service", "civil_service"],
    ["Kinh phí", null],
    ["", null],
  ])("%s → %s", (name, expected) => {
    expect(areaFromName(name)).toBe(expected);
  });
});
