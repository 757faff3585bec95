// Every sentence the bot says, in one place, so it can be reviewed. Polite,
// brief Vietnamese with diacritics; "anh/chị" since we do not know who writes.
import { vnDate } from "../domain/dates.ts";
import type { ProgressStatus } from "../domain/replies.ts";
import type { TaskGroup } from "../domain/task-state.ts";

export const STATUS_LABEL: Record<ProgressStatus, string> = {
  done: "Hoàn thành",
  in_progress: "Đang thực hiện",
  not_started: "Chưa thực hiện",
  blocked: "Có vướng mắc",
};

export const GROUP_TITLE: Record<TaskGroup, string> = {
  overdue: "⚠️ Quá hạn",
  soon: "⏰ Sắp đến hạn",
  period: "📅 Trong kỳ này",
  continuous: "🔁 Thường xuyên",
  later: "🗓 Các kỳ sau",
  undated: "❔ Chưa có ngày hạn",
  done: "✅ Đã hoàn thành",
};

export const BUTTON = {
  skip: "Bỏ qua",
  back: "◀ Quay lại",
  stop: "Dừng",
  noNote: "Không có ghi chú",
  noProduct: "Không có",
  noFigure: "Chưa có số liệu",
  resume: "Tiếp tục",
  restart: "Làm lại từ đầu",
  report: "Báo cáo ngay",
};

export const T = {
  stranger: (office: string | null) =>
    `Xin chào! Đây là trợ lý theo dõi kế hoạch cải cách hành chính${office ? ` của ${office}` : " của UBND xã"}.\n` +
    "Tài khoản của anh/chị chưa được liên kết nên tôi chưa thể hiển thị nhiệm vụ.\n" +
    "Anh/chị hãy xin mã mời từ công chức Văn phòng - Thống kê rồi gửi: /start <mã mời> (ví dụ: /start K7M2Q9XA).",
  inviteUnknown: "Mã mời này không đúng. Anh/chị kiểm tra lại (mã gồm 8 chữ và số) hoặc xin mã mới từ công chức Văn phòng - Thống kê.",
  inviteUsed: "Mã mời này đã được dùng. Mỗi mã chỉ dùng được một lần; anh/chị xin mã mới từ công chức Văn phòng - Thống kê.",
  inviteExpired: "Mã mời này đã hết hạn. Anh/chị xin mã mới từ công chức Văn phòng - Thống kê.",
  inviteRevoked: "Mã mời này đã bị hủy. Anh/chị xin mã mới từ công chức Văn phòng - Thống kê.",
  inviteOtherOffice: "Tài khoản này đang liên kết với một xã khác nên không dùng được mã mời này.",
  startWithoutCode: (name: string) =>
    `Chào ${name}! Tài khoản của anh/chị đã được liên kết. Gõ /nhiemvu để xem nhiệm vụ, /baocao để báo cáo, /huongdan để xem hướng dẫn.`,
  welcome: (name: string, titles: string[], lead: number, support: number, next: string | null, alreadyHeld: boolean) =>
    `${alreadyHeld ? "Anh/chị đã giữ chức danh này rồi." : "Liên kết thành công!"} Chào ${name} — ${titles.join(", ")}.\n` +
    `Anh/chị chủ trì ${lead} nhiệm vụ và phối hợp ${support} nhiệm vụ trong kế hoạch CCHC.` +
    (next ? `\nViệc gần nhất: ${next}` : "") +
    "\n\nGõ /nhiemvu để xem danh sách, /baocao để báo cáo kết quả, /huongdan để xem hướng dẫn. Tôi sẽ nhắc việc vào buổi sáng ngày làm việc.",
  noPlan: "Đơn vị chưa nhập kế hoạch CCHC nên chưa có nhiệm vụ. Anh/chị báo công chức Văn phòng - Thống kê nhập kế hoạch.",
  noTitles: "Anh/chị hiện không giữ chức danh nào nên không có nhiệm vụ. Nếu đây là nhầm lẫn, hãy báo công chức Văn phòng - Thống kê.",
  noTasks: (titles: string[]) => `Chức danh ${titles.join(", ")} không có nhiệm vụ nào trong kế hoạch.`,
  taskListHeader: (titles: string[], today: string) => `📋 Nhiệm vụ của ${titles.join(", ")} (ngày ${vnDate(today)})`,
  taskListFooter: "Ký hiệu: [CT] chủ trì, [PH] phối hợp. Báo cáo: /baocao · Cập nhật nhanh: /capnhat <số> xong: <ghi chú>",
  dueWords: (due: string, days: number) =>
    days < 0
      ? `hạn ${vnDate(due)} — quá hạn ${-days} ngày`
      : days === 0
        ? `hạn ${vnDate(due)} — hạn hôm nay`
        : `hạn ${vnDate(due)} — còn ${days} ngày`,
  recurringWords: { quarter: "định kỳ hằng quý", "half-year": "định kỳ 6 tháng", year: "hằng năm", month: "hằng tháng" } as Record<string, string>,
  continuousWords: "thường xuyên",
  undatedWords: (phrase: string | null) => (phrase ? `chưa có ngày (${phrase})` : "chưa có ngày hạn"),

  help:
    "Hướng dẫn sử dụng\n\n" +
    "/nhiemvu — xem nhiệm vụ của anh/chị: quá hạn, sắp đến hạn, trong kỳ, thường xuyên.\n" +
    "/baocao quý 1 — báo cáo kết quả từng nhiệm vụ cho kỳ báo cáo (cũng nhận: quý I, Q1, 6 tháng, 9 tháng, năm; có thể thêm năm: quý 1/2025). Không ghi kỳ thì là kỳ hiện tại.\n" +
    "/capnhat <số> <tình trạng>: <ghi chú> — cập nhật nhanh một nhiệm vụ, ví dụ:\n" +
    "   /capnhat 12 xong: đã ban hành KH số 12/KH-UBND ngày 20/01/2024\n" +
    "   /capnhat 5 đang làm: đã xin ý kiến các bộ phận\n" +
    "   /capnhat 7 vướng: chờ hướng dẫn của huyện\n" +
    "/solieu <số> <số liệu> — báo cáo số liệu chỉ tiêu, ví dụ: /solieu 6 120/122 hoặc /solieu 6 98,4%\n" +
    "/tiep — tiếp tục phần báo cáo đang dở · /huy — dừng phần báo cáo đang làm (đã trả lời thì vẫn được lưu)\n" +
    "/nhacviec — xem tin nhắc việc sáng tới của anh/chị sẽ gồm những gì.\n" +
    "/nghiphep 10/06/2024 14/06/2024 ủy quyền Văn phòng - Thống kê — tạm dừng nhắc việc khi nghỉ phép, chuyển cho chức danh được ủy quyền (không ghi ủy quyền thì chỉ tạm dừng). /nghiphep để xem, /nghiphep hủy để hủy.\n" +
    "Số nhiệm vụ là số hiện trong /nhiemvu.",
  coordinatorHelp:
    "\n/tinhhinh — (điều phối, lãnh đạo) xem tình hình báo cáo của các chức danh trong kỳ." +
    "\n/nghiphep <mã người> <từ ngày> <đến ngày> [ủy quyền <chức danh>] — (điều phối, lãnh đạo) đặt nghỉ phép cho người khác." +
    "\n/tonghop quý 1 — (điều phối, lãnh đạo) báo cáo tổng hợp của kỳ: bản tóm tắt, tệp Word theo mẫu Nghị định 30 và tệp Excel.",
  notUnderstood: (text: string) =>
    `Tôi chưa hiểu "${text.length > 60 ? `${text.slice(0, 60)}…` : text}". ` +
    "Anh/chị có thể gõ /nhiemvu để xem nhiệm vụ, /baocao quý 1 để báo cáo, hoặc /capnhat 12 xong: <ghi chú> để cập nhật nhanh. Gõ /huongdan để xem đầy đủ.",
  unknownCommand: (cmd: string) => `Không có lệnh /${cmd}. Gõ /huongdan để xem các lệnh có thể dùng.`,
  internalError: "Xin lỗi, tôi gặp lỗi khi xử lý tin nhắn này. Tin nhắn đã được lưu lại; anh/chị thử lại sau ít phút hoặc báo công chức Văn phòng - Thống kê.",
  staleButton: "Nút này thuộc một bước đã qua. Anh/chị dùng các nút ở tin nhắn mới nhất, hoặc gõ /tiep để tiếp tục.",

  // /baocao
  periodBad: (message: string, command = "/baocao") => `${message}\nVí dụ: ${command} quý 1, ${command} 6 tháng, ${command} năm.`,
  reportNothing: (period: string) => `Anh/chị không có nhiệm vụ chủ trì nào cần báo cáo trong ${period}.`,
  reportIntro: (period: string, count: number, due: string | null) =>
    `Báo cáo ${period}: ${count} nhiệm vụ anh/chị chủ trì.` +
    (due ? ` Hạn gửi số liệu: ${vnDate(due)}.` : "") +
    "\nVới mỗi nhiệm vụ, anh/chị chọn tình trạng bằng nút; có thể Bỏ qua, Quay lại hoặc Dừng rồi tiếp tục sau.",
  reportResumeAsk: (period: string, done: number, total: number) =>
    `Anh/chị đang báo cáo dở ${period} (${done}/${total} nhiệm vụ). Tiếp tục từ chỗ dừng hay làm lại từ đầu?`,
  taskCard: (i: number, total: number, seq: number, text: string, deadline: string, previous: string | null) =>
    `Nhiệm vụ ${i}/${total} — số ${seq}\n${text}\nThời hạn: ${deadline}` + (previous ? `\nĐã báo cáo trước đó: ${previous}` : "") + "\n\nTình trạng hiện nay?",
  askStatus: "Anh/chị chọn một tình trạng bằng nút bên dưới (hoặc gõ: xong / đang làm / chưa / vướng).",
  askNote: (status: ProgressStatus) =>
    status === "blocked"
      ? "Vướng mắc là gì, cần ai hỗ trợ? Anh/chị gõ nội dung (sẽ đưa vào phần khó khăn của báo cáo)."
      : "Ghi chú kết quả (gõ nội dung), hoặc bấm «Không có ghi chú».",
  askProduct: "Sản phẩm, văn bản kiểm chứng? Ví dụ: KH số 12/KH-UBND ngày 20/01/2024. Gõ nội dung hoặc bấm «Không có».",
  askFigure: (indicator: string, goal: string, example: string) =>
    `Chỉ tiêu: ${indicator} (mục tiêu ${goal}).\nSố liệu kỳ này? Ví dụ: ${example}. Hoặc bấm «Chưa có số liệu».`,
  figureSaved: (value: string, met: boolean | null) => `Đã ghi số liệu ${value}${met === null ? "" : met ? " — đạt chỉ tiêu." : " — chưa đạt chỉ tiêu."}`,
  figureBad: (message: string) => `${message}\nAnh/chị nhập lại, hoặc bấm «Chưa có số liệu».`,
  figureUnitMismatch: "Chỉ tiêu này tính theo tỷ lệ %. Anh/chị nhập dạng 120/122 (số đạt trên tổng số) hoặc 98,4%.",
  saved: (seq: number, status: ProgressStatus) => `Đã lưu: nhiệm vụ số ${seq} — ${STATUS_LABEL[status]}.`,
  skipped: (seq: number) => `Đã bỏ qua nhiệm vụ số ${seq}; anh/chị có thể báo cáo sau.`,
  atFirst: "Đây đã là nhiệm vụ đầu tiên.",
  stopped: (period: string) => `Đã dừng. Các câu trả lời đã được lưu. Khi rảnh, anh/chị gõ /tiep (hoặc /baocao ${period}) để làm tiếp.`,
  noDialog: "Hiện không có phần báo cáo nào đang dở. Gõ /baocao để bắt đầu.",
  cancelled: "Đã dừng phần báo cáo. Những gì đã trả lời vẫn được lưu.",
  summary: (period: string, lines: string[], missing: string[]) =>
    `✅ Xong phần báo cáo ${period}.\n${lines.join("\n")}` +
    (missing.length ? `\nCòn thiếu: ${missing.join(", ")}. Gõ /baocao để bổ sung hoặc sửa câu trả lời.` : "\nAnh/chị đã báo cáo đủ các nhiệm vụ. Cảm ơn anh/chị!"),

  // Quick updates
  quickUsage:
    "Cách dùng: /capnhat <số> <tình trạng>: <ghi chú>. Tình trạng: xong, đang làm, chưa, vướng.\nVí dụ: /capnhat 12 xong: đã ban hành KH số 12/KH-UBND ngày 20/01/2024",
  figureUsage: "Cách dùng: /solieu <số nhiệm vụ> <số liệu>. Ví dụ: /solieu 6 120/122 hoặc /solieu 6 98,4%",
  taskNotFound: (n: number) => `Không có nhiệm vụ số ${n} trong danh sách của anh/chị. Gõ /nhiemvu để xem số của từng nhiệm vụ.`,
  notLead: (n: number) => `Nhiệm vụ số ${n} do chức danh khác chủ trì; anh/chị chỉ phối hợp nên không cần báo cáo nhiệm vụ này.`,
  quickSaved: (seq: number, status: ProgressStatus, period: string, note: string | null, product: string | null) =>
    `Đã cập nhật nhiệm vụ số ${seq} cho ${period}: ${STATUS_LABEL[status]}` +
    (note ? `\nGhi chú: ${note}` : "") +
    (product ? `\nSản phẩm: ${product}` : ""),
  noTargets: (n: number) => `Nhiệm vụ số ${n} không có chỉ tiêu số liệu nào do anh/chị phụ trách.`,
  whichTarget: (n: number, list: string[]) => `Nhiệm vụ số ${n} có ${list.length} chỉ tiêu; anh/chị ghi rõ, ví dụ /solieu ${n}.1 98%:\n${list.join("\n")}`,

  // Coordinator / leader
  overviewDenied: "Lệnh này dành cho công chức Văn phòng - Thống kê và lãnh đạo UBND xã.",
  rollUpDenied:
    "Báo cáo tổng hợp do công chức Văn phòng - Thống kê lập và lãnh đạo UBND xã xem. Anh/chị dùng /baocao để gửi phần việc của mình.",
  overviewHeader: (period: string) => `Tình hình báo cáo ${period}:`,
};

export const CHANNEL_NAME: Record<string, string> = { telegram: "Telegram", zalo: "Zalo", console: "máy tính" };

/** Why a channel refused delivery, in words, from the reason recorded on the identity ("-230: …", "403: …"). */
export function unreachableWhy(reason: string | null | undefined): string {
  const code = /^(-?\d+)/.exec(reason ?? "")?.[1];
  switch (code) {
    case "-230":
    case "-232":
      return "quá 7 ngày không tương tác với OA";
    case "-213":
      return "chưa quan tâm (hoặc đã bỏ quan tâm) OA";
    case "-227":
      return "tài khoản Zalo bị khóa hoặc không hoạt động quá 45 ngày";
    case "-244":
      return "đã chặn loại tin nhắn này từ OA";
    case "403":
      return /deactivated/i.test(reason ?? "") ? "tài khoản Telegram đã bị xóa" : "đã chặn bot";
    default:
      return reason ? `lỗi gửi: ${reason}` : "không gửi được";
  }
}

export function periodDuePhrase(status: ProgressStatus, note: string | null): string {
  return `${STATUS_LABEL[status]}${note ? ` (${note})` : ""}`;
}
