import { describe, expect, it } from "vitest";
import { extractTargets, parseFigure, targetMet } from "../../src/domain/targets.ts";
import type { Comparator } from "../../src/domain/types.ts";

type Expected = [Comparator, number, "%" | "count", string];
const brief = (text: string) => extractTargets(text).map((t) => [t.comparator, t.value, t.unit, t.phrase]);

describe("extractTargets: comparator, value, unit, phrase", () => {
  it.each<[string, Expected[]]>([
    // sentences from the seeds
    [
      "Tập trung giải quyết các TTHC, bảo đảm duy trì tỷ lệ giải quyết đúng hạn từ 98% trở lên; thực hiện rà soát, đưa 100% hồ sơ TTHC đủ điều kiện được giải quyết trực tuyến (trong đó bảo đảm 80% dịch vụ công trực tuyến toàn trình được triển khai).",
      [
        [">=", 98, "%", "từ 98% trở lên"],
        [">=", 100, "%", "100%"],
        [">=", 80, "%", "80%"],
      ],
    ],
    [
      "Triển khai số hóa hồ sơ, kết quả giải quyết TTHC phát sinh mới có hiệu quả, bảo đảm 100% kết quả giải quyết TTHC được cung cấp đồng thời cả bản điện tử",
      [[">=", 100, "%", "100%"]],
    ],
    [
      "Rà soát, chuẩn hóa, điện tử hóa mẫu đơn, tờ khai theo hướng cắt giảm tối thiểu 20% thông tin phải khai báo trên cơ sở tái sử dụng dữ liệu đã được số hóa",
      [[">=", 20, "%", "tối thiểu 20%"]],
    ],
    ["Tỷ lệ giải quyết hồ sơ đúng hạn đạt tối thiểu 96%", [[">=", 96, "%", "đạt tối thiểu 96%"]]],
    ["Tỷ lệ khảo sát hài lòng của người dân trực tuyến trên Công ty đạt tối thiểu 94%", [[">=", 94, "%", "đạt tối thiểu 94%"]]],
    ["Hoàn thành 100% Kế hoạch rà soát, kiểm tra văn bản QPPL", [[">=", 100, "%", "100%"]]],
    [
      "100% TTHC công bố kịp thời; 100% TTHC nội bộ trong hệ thống hành chính Nhà nước được thực hiện rà soát, thông kê, công bố, công khai",
      [
        [">=", 100, "%", "100%"],
        [">=", 100, "%", "100%"],
      ],
    ],
    [
      "Về số hóa hồ sơ giải quyết TTHC: phản ánh tỷ lệ số hóa hồ sơ, kết quả giải quyết các cấp TTHC đạt từ 70% trở lên; tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa đạt từ 30% trở lên.",
      [
        [">=", 70, "%", "đạt từ 70% trở lên"],
        [">=", 30, "%", "đạt từ 30% trở lên"],
      ],
    ],
    [
      "- Tỷ lệ hồ sơ trực tuyến đạt tối thiểu 90% - 80% các TTHC có yêu cầu nghĩa vụ tài chính được triển khai thanh toán trực tuyến",
      [
        [">=", 90, "%", "đạt tối thiểu 90%"],
        [">=", 80, "%", "80%"],
      ],
    ],
    ["- Tỷ lệ giao dịch thanh toán trực tuyến các hộ sơ TTHC đạt tối thiểu 75%", [[">=", 75, "%", "đạt tối thiểu 75%"]]],
    ["Phấn đấu trên 70% các TTHC được rút ngắn thời gian giải quyết;", [[">", 70, "%", "trên 70%"]]],
    [
      "Phấn đấu 100% hồ sơ hành chính được giải quyết đúng hạn và trước hạn, trong đó, hồ sơ được giải quyết trước hạn đạt 70%;",
      [
        [">=", 100, "%", "100%"],
        [">=", 70, "%", "đạt 70%"],
      ],
    ],
    ["giải quyết TTHC đạt trên 80% (xếp loại từ tốt trở lên);", [[">", 80, "%", "đạt trên 80%"]]],
    ["1.2.  80% các TTHC được rút ngắn thời gian giải quyết; ", [[">=", 80, "%", "80%"]]],
    ["hồ sơ được giải quyết trước hạn đạt 80% trở lên;", [[">=", 80, "%", "đạt 80% trở lên"]]],
    ["1.1. Phấn đấu100% văn bản quy phạm pháp luật của cấp xã ban hành", [[">=", 100, "%", "100%"]]],
    ["1.4. Phấn đấu 97% cơ sở dữ liệu chuyên ngành được hoàn thành và kết nối", [[">=", 97, "%", "97%"]]],
    [
      "a) Trên 95% số hồ sơ TTHC được trả kết quả giải quyết đúng hạn; phấn đấu 85% hồ sơ TTHC trả kết quả trước hạn.",
      [
        [">", 95, "%", "Trên 95%"],
        [">=", 85, "%", "85%"],
      ],
    ],
    [
      "Mức độ hài lòng về giải quyết các TTHC lĩnh vực đất đai, xây dựng, đầu tư đạt tối thiểu 80%. Mức độ hài lòng về dịch vụ y tế đạt tối thiểu 85%.",
      [
        [">=", 80, "%", "đạt tối thiểu 80%"],
        [">=", 85, "%", "đạt tối thiểu 85%"],
      ],
    ],
    // "trên … trở lên": the inclusive "trở lên" decides
    ["hồ sơ thanh toán trực tuyến đạt trên 80% trở lên/ tổng số hồ sơ có nghĩa vụ tài chính", [[">=", 80, "%", "đạt trên 80% trở lên"]]],
    ["dịch vụ công trực tuyến toàn trình đạt từ 50% trở lên", [[">=", 50, "%", "đạt từ 50% trở lên"]]],
    // invented forms
    ["Tỷ lệ hài lòng ít nhất 90%", [[">=", 90, "%", "ít nhất 90%"]]],
    ["Tỷ lệ hài lòng không dưới 90 %", [[">=", 90, "%", "không dưới 90 %"]]],
    ["Tỷ lệ đúng hạn ≥ 98%", [[">=", 98, "%", "≥ 98%"]]],
    ["Tỷ lệ đúng hạn >= 98 %", [[">=", 98, "%", ">= 98 %"]]],
    ["Tỷ lệ đúng hạn đạt 98,5%", [[">=", 98.5, "%", "đạt 98,5%"]]],
    ["Tỷ lệ hồ sơ trễ hạn tối đa 5%", [["<=", 5, "%", "tối đa 5%"]]],
    ["Tỷ lệ hồ sơ trễ hạn không quá 2,5%", [["<=", 2.5, "%", "không quá 2,5%"]]],
    ["Tỷ lệ hồ sơ trễ hạn dưới 5%", [["<", 5, "%", "dưới 5%"]]],
    ["Tỷ lệ hồ sơ trễ hạn 3% trở xuống", [["<=", 3, "%", "3% trở xuống"]]],
    ["ty le dung han tu 98% tro len", [[">=", 98, "%", "tu 98% tro len"]]],
    // counts need a comparator word and a noun
    ["Tổ chức tối thiểu 02 cuộc đối thoại với người dân, doanh nghiệp", [[">=", 2, "count", "tối thiểu 02 cuộc đối thoại"]]],
    ["Tổ chức ít nhất 4 lớp tập huấn về chuyển đổi số", [[">=", 4, "count", "ít nhất 4 lớp tập huấn"]]],
    ["Phát hành không dưới 1.000 tờ rơi về cải cách hành chính", [[">=", 1000, "count", "không dưới 1.000 tờ rơi"]]],
    ["Tổ chức đối thoại với người dân tối thiểu 2 lần/năm", [[">=", 2, "count", "tối thiểu 2 lần"]]],
    ["Số văn bản bị trả lại không quá 3 văn bản", [["<=", 3, "count", "không quá 3 văn bản"]]],
  ])("%s", (text, expected) => {
    expect(brief(text)).toEqual(expected);
  });
});

describe("extractTargets: not targets", () => {
  it.each([
    "Xây dựng phê duyệt Đề án vị trí việc làm theo Nghị định số 62/2020/NĐ-CP ngày 01/6/2020",
    "Tiếp tục triển khai áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2015 vào hoạt động",
    "Thực hiện 02 nhóm TTHC liên thông: - Đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi.",
    "Xây dựng Kế hoạch đầu tư công năm 2024, 2025",
    "Ban hành Kế hoạch trước ngày 30/11/2024; báo cáo định kỳ hằng Quý",
    "Bộ phận một cửa các cấp tổ chức hoạt động theo Quyết định 468/QĐ-TTg",
    "Giải quyết hồ sơ trong thời hạn không quá 05 ngày làm việc",
    "Tổ chức đối thoại với người dân trên 2 lần",
    "Tỷ lệ 150% không phải là chỉ tiêu hợp lệ",
    "",
  ])("%s → none", (text) => {
    expect(extractTargets(text)).toEqual([]);
  });
});

describe("extractTargets: indicator", () => {
  it("is the clause of each target, spelling kept", () => {
    const found = extractTargets(
      "Tập trung giải quyết các TTHC, bảo đảm duy trì tỷ lệ giải quyết đúng hạn từ 98% trở lên; thực hiện rà soát, đưa 100% hồ sơ TTHC đủ điều kiện được giải quyết trực tuyến (trong đó bảo đảm 80% dịch vụ công trực tuyến toàn trình được triển khai).",
    );
    expect(found.map((t) => t.indicator)).toEqual([
      "Tập trung giải quyết các TTHC, bảo đảm duy trì tỷ lệ giải quyết đúng hạn từ 98% trở lên",
      "thực hiện rà soát, đưa 100% hồ sơ TTHC đủ điều kiện được giải quyết trực tuyến",
      "bảo đảm 80% dịch vụ công trực tuyến toàn trình được triển khai",
    ]);
  });

  it("splits list bullets and 'trong đó' between targets", () => {
    expect(
      extractTargets(
        "- Tỷ lệ hồ sơ trực tuyến đạt tối thiểu 90% - 80% các TTHC có yêu cầu nghĩa vụ tài chính được triển khai thanh toán trực tuyến",
      ).map((t) => t.indicator),
    ).toEqual([
      "Tỷ lệ hồ sơ trực tuyến đạt tối thiểu 90%",
      "80% các TTHC có yêu cầu nghĩa vụ tài chính được triển khai thanh toán trực tuyến",
    ]);
    expect(
      extractTargets(
        "Phấn đấu 100% hồ sơ hành chính được giải quyết đúng hạn và trước hạn, trong đó, hồ sơ được giải quyết trước hạn đạt 70%;",
      ).map((t) => t.indicator),
    ).toEqual([
      "Phấn đấu 100% hồ sơ hành chính được giải quyết đúng hạn và trước hạn",
      "hồ sơ được giải quyết trước hạn đạt 70%",
    ]);
  });

  it("drops numbering and is at most about 160 characters, cut on a word", () => {
    const long =
      "1.1. Phấn đấu 100% văn bản quy phạm pháp luật của cấp xã ban hành đảm bảo tính hợp hiến, hợp pháp, đồng bộ, cụ thể và khả thi, phù hợp với thực tiễn, được kiểm tra, rà soát và xử lý kịp thời theo quy định của pháp luật hiện hành";
    const [t] = extractTargets(long);
    expect(t!.indicator.startsWith("Phấn đấu 100% văn bản")).toBe(true);
    expect(t!.indicator.length).toBeLessThanOrEqual(161);
    expect(t!.indicator.endsWith("…")).toBe(true);
    expect(long).toContain(t!.indicator.slice(0, -1));
  });
});

describe("parseFigure", () => {
  it.each<[string, number, "%" | "count", number | undefined, number | undefined]>([
    ["120/122", 98.36, "%", 120, 122],
    ["120 trên 122", 98.36, "%", 120, 122],
    ["120 tren 122", 98.36, "%", 120, 122],
    ["120 / 122 hồ sơ", 98.36, "%", 120, 122],
    ["122/122", 100, "%", 122, 122],
    ["0/15", 0, "%", 0, 15],
    ["1.200/1.250", 96, "%", 1200, 1250],
    ["98,4%", 98.4, "%", undefined, undefined],
    ["98.4 %", 98.4, "%", undefined, undefined],
    ["98,4", 98.4, "%", undefined, undefined],
    ["100%", 100, "%", undefined, undefined],
    ["0%", 0, "%", undefined, undefined],
    [" 97 % hồ sơ ", 97, "%", undefined, undefined],
    ["15", 15, "count", undefined, undefined],
    ["1.234", 1234, "count", undefined, undefined],
    ["12 hồ sơ", 12, "count", undefined, undefined],
    ["3 cuộc đối thoại", 3, "count", undefined, undefined],
  ])("%s → %d %s", (input, value, unit, numerator, denominator) => {
    const f = parseFigure(input);
    expect(f.ok).toBe(true);
    if (!f.ok) return;
    expect(f.value).toBeCloseTo(value, 2);
    expect(f.unit).toBe(unit);
    expect(f.numerator).toBe(numerator);
    expect(f.denominator).toBe(denominator);
  });

  it.each<[string, RegExp]>([
    ["abc%", /Không đọc được số liệu/],
    ["", /Chưa nhập số liệu/],
    ["   ", /Chưa nhập số liệu/],
    ["130%", /không được vượt quá 100%/],
    ["100,5", /không được vượt quá 100%/],
    ["120/0", /Mẫu số .* phải lớn hơn 0/],
    ["130/122", /Tử số \(130\) không được lớn hơn mẫu số \(122\)/],
    ["-5", /không được là số âm/],
    ["-5%", /không được là số âm/],
    ["12/-3", /không được là số âm/],
    ["chưa có", /Không đọc được số liệu/],
    ["1,5/3", /số nguyên/],
  ])("%s → error", (input, message) => {
    const f = parseFigure(input);
    expect(f.ok).toBe(false);
    if (f.ok) return;
    expect(f.message).toMatch(message);
    expect(f.message).toContain("Ví dụ:");
  });
});

describe("targetMet", () => {
  it.each<[Comparator, number, number, boolean]>([
    [">=", 98, 98.36, true],
    [">=", 98, 98, true],
    [">=", 98, 97.9, false],
    [">", 80, 80, false],
    [">", 80, 80.1, true],
    ["=", 100, 100, true],
    ["=", 100, 99.9, false],
    ["<=", 5, 5, true],
    ["<=", 5, 5.1, false],
    ["<", 5, 5, false],
    ["<", 5, 4.9, true],
  ])("%s %d with %d → %s", (comparator, value, actual, met) => {
    expect(targetMet({ comparator, value }, actual)).toBe(met);
  });
});
