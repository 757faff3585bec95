// Writes samples/plan-template.csv and samples/plan-template.xlsx: a sample plan an
// office can fill in instead of a Word appendix. Run: npx tsx samples/make-template.ts

import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";

export const TEMPLATE_HEADER = [
  "STT",
  "Lĩnh vực",
  "Nhiệm vụ",
  "Hoạt động",
  "Sản phẩm",
  "Chủ trì",
  "Phối hợp",
  "Thời gian hoàn thành",
  "Ghi chú",
] as const;

/** One line per row; "\n" inside a cell is a line break within the cell. */
export const TEMPLATE_ROWS: string[][] = [
  [
    "1",
    "Chỉ đạo điều hành",
    "Ban hành Kế hoạch cải cách hành chính năm 2025 của UBND xã",
    "Xây dựng dự thảo, lấy ý kiến các bộ phận, trình Chủ tịch UBND xã ký ban hành",
    "Kế hoạch CCHC năm 2025",
    "Công chức Văn phòng - Thống kê",
    "Các công chức chuyên môn",
    "Trước ngày 31/01/2025",
    "",
  ],
  [
    "2",
    "Chỉ đạo điều hành",
    "Báo cáo kết quả thực hiện công tác cải cách hành chính",
    "Tổng hợp số liệu của các bộ phận, xây dựng báo cáo gửi Sở Nội vụ",
    "Báo cáo quý, 6 tháng, 9 tháng, năm",
    "Công chức Văn phòng - Thống kê",
    "Các công chức chuyên môn",
    "Định kỳ hằng Quý",
    "Theo Nghị định 09/2019/NĐ-CP",
  ],
  [
    "3",
    "Cải cách thể chế",
    "Rà soát, hệ thống hóa văn bản quy phạm pháp luật do HĐND, UBND xã ban hành",
    "- Xây dựng kế hoạch rà soát\n- Tổ chức rà soát và báo cáo kết quả",
    "- Kế hoạch rà soát\n- Báo cáo kết quả rà soát",
    "Công chức Tư pháp - Hộ tịch",
    "Văn phòng HĐND-UBND xã",
    "- Kế hoạch rà soát: Quý I/2025\n- Báo cáo kết quả: Trước ngày 30/11/2025",
    "",
  ],
  [
    "4",
    "Cải cách thể chế",
    "Tuyên truyền, phổ biến văn bản pháp luật mới đến người dân",
    "Tổ chức hội nghị tuyên truyền tại các thôn; đăng tải trên Trang thông tin điện tử xã",
    "Báo cáo kết quả tuyên truyền",
    "Công chức Tư pháp - Hộ tịch",
    "Công chức Văn hóa - Xã hội\nTrưởng các thôn",
    "Thường xuyên",
    "",
  ],
  [
    "5",
    "Cải cách thủ tục hành chính",
    "Công khai đầy đủ thủ tục hành chính tại Bộ phận Tiếp nhận và Trả kết quả",
    "Niêm yết, cập nhật danh mục TTHC khi có quyết định công bố mới của tỉnh",
    "Danh mục TTHC được niêm yết",
    "Bộ phận Tiếp nhận và Trả kết quả",
    "Công chức Văn phòng - Thống kê",
    "Thường xuyên",
    "",
  ],
  [
    "6",
    "Cải cách thủ tục hành chính",
    "Giải quyết hồ sơ TTHC đúng hạn, phấn đấu tỷ lệ đúng hạn đạt trên 98%",
    "Theo dõi, đôn đốc xử lý hồ sơ trên Hệ thống thông tin giải quyết TTHC của tỉnh",
    "Báo cáo tình hình giải quyết TTHC",
    "Bộ phận Tiếp nhận và Trả kết quả",
    "Các công chức chuyên môn",
    "Định kỳ hằng Quý",
    "Chỉ tiêu: ≥ 98% hồ sơ đúng hạn",
  ],
  [
    "7",
    "Cải cách thủ tục hành chính",
    "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "Scan, ký số và lưu trữ kết quả giải quyết TTHC trên hệ thống",
    "Hồ sơ được số hóa",
    "Công chức Tư pháp - Hộ tịch\nCông chức Địa chính - Xây dựng",
    "Bộ phận Tiếp nhận và Trả kết quả",
    "Thường xuyên",
    "",
  ],
  [
    "8",
    "Cải cách tổ chức bộ máy",
    "Rà soát, kiện toàn chức năng, nhiệm vụ của các bộ phận chuyên môn",
    "Tham mưu quyết định phân công nhiệm vụ công chức sau sắp xếp",
    "Quyết định phân công nhiệm vụ",
    "Công chức Văn phòng - Thống kê",
    "",
    "Quý II/2025",
    "",
  ],
  [
    "9",
    "Cải cách chế độ công vụ",
    "Đánh giá, xếp loại chất lượng cán bộ, công chức năm 2025",
    "Tổ chức đánh giá, xếp loại theo quy định",
    "Báo cáo kết quả đánh giá, xếp loại",
    "Công chức Văn phòng - Thống kê",
    "Các công chức chuyên môn",
    "Tháng 12/2025",
    "",
  ],
  [
    "10",
    "Cải cách tài chính công",
    "Thực hiện công khai ngân sách xã",
    "Công khai dự toán, quyết toán ngân sách theo quy định",
    "Báo cáo công khai ngân sách",
    "Công chức Tài chính - Kế toán",
    "Công chức Văn phòng - Thống kê",
    "- Dự toán: Trước ngày 31/01/2025\n- Quyết toán: Theo thời gian quy định",
    "",
  ],
  [
    "11",
    "Chính quyền điện tử, chính quyền số",
    "Xử lý văn bản, hồ sơ công việc trên môi trường mạng",
    "Sử dụng Hệ thống quản lý văn bản và điều hành, ký số văn bản đi",
    "100% văn bản đi được ký số (trừ văn bản mật)",
    "Công chức Văn phòng - Thống kê",
    "Các công chức chuyên môn",
    "Thường xuyên",
    "",
  ],
  [
    "12",
    "Chính quyền điện tử, chính quyền số",
    "Hướng dẫn người dân nộp hồ sơ trực tuyến, thanh toán trực tuyến",
    "Bố trí công chức, đoàn viên thanh niên hỗ trợ tại Bộ phận một cửa",
    "Tỷ lệ hồ sơ trực tuyến",
    "Bộ phận Tiếp nhận và Trả kết quả",
    "Đoàn Thanh niên xã\nCông an xã",
    "Hàng Quý",
    "",
  ],
];

function csvField(value: string): string {
  return /[",\n\r;]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function templateCsv(): string {
  const lines = [TEMPLATE_HEADER as readonly string[], ...TEMPLATE_ROWS].map((r) => r.map(csvField).join(","));
  // BOM so that Excel opens the file as UTF-8.
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

export async function templateXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Kế hoạch CCHC");
  ws.addRow(["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025"]);
  ws.mergeCells(1, 1, 1, TEMPLATE_HEADER.length);
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.getRow(1).alignment = { horizontal: "center" };
  ws.addRow([]);
  const header = ws.addRow([...TEMPLATE_HEADER]);
  header.font = { bold: true };
  header.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
  for (const r of TEMPLATE_ROWS) {
    const row = ws.addRow(r.map((v, i) => (i === 0 && /^\d+$/.test(v) ? Number(v) : v)));
    row.alignment = { vertical: "top", wrapText: true };
  }
  const widths = [6, 22, 40, 40, 28, 28, 28, 24, 20];
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.views = [{ state: "frozen", ySplit: 3 }];
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}

async function main(): Promise<void> {
  const dir = dirname(fileURLToPath(import.meta.url));
  writeFileSync(join(dir, "plan-template.csv"), templateCsv(), "utf8");
  writeFileSync(join(dir, "plan-template.xlsx"), await templateXlsx());
  console.log("Đã ghi samples/plan-template.csv và samples/plan-template.xlsx");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
