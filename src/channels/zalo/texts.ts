// Every sentence the Zalo channel itself says (the conversation's own texts live in src/chat/texts.ts).
export const ZT = {
  /** Title of the button that shows the next page of choices (≤ 20 characters). */
  more: "Thêm…",
  morePage: (page: number, pages: number) => `Các lựa chọn khác (${page}/${pages}):`,
  pageExpired: "Danh sách lựa chọn này đã hết hạn. Anh/chị gõ /tiep để tiếp tục phần báo cáo đang dở.",
  /** Text beside buttons when a reply carries buttons but no words. */
  chooseOne: "Anh/chị chọn một mục:",
  filesLeftOut: (names: string[]) =>
    `Zalo chỉ nhận tệp PDF, DOC, DOCX dưới 5 MB nên ${names.length > 1 ? "các tệp" : "tệp"} ${names.join(", ")} chưa gửi được ở đây. ` +
    "Anh/chị xem trên Telegram hoặc nhờ công chức Văn phòng - Thống kê gửi qua thư điện tử.",
  follow:
    "Cảm ơn anh/chị đã quan tâm OA trợ lý cải cách hành chính (CCHC) của UBND xã.\n" +
    "Để liên kết tài khoản Zalo với chức danh của mình, anh/chị gửi mã mời 8 ký tự nhận từ công chức Văn phòng - Thống kê, " +
    "ví dụ: K7M2Q9XA (hoặc: dangky K7M2Q9XA).\n" +
    "Sau khi liên kết, gõ: nhiemvu để xem nhiệm vụ, baocao để báo cáo, huongdan để xem hướng dẫn.",
  followBack: (name: string) =>
    `Chào mừng ${name} quay lại! Tài khoản Zalo của anh/chị vẫn đang được liên kết. Gõ nhiemvu để xem nhiệm vụ, baocao để báo cáo.`,
  tokenDead: (detail: string) =>
    "⚠️ Kết nối Zalo OA của trợ lý CCHC đã hết hiệu lực (Zalo từ chối làm mới mã truy cập), nên tạm thời không gửi được tin nhắn qua Zalo.\n" +
    `Chi tiết: ${detail}\n` +
    "Cách khắc phục: quản trị viên OA chạy npm run zalo -- consent-url, mở đường link và đồng ý cấp quyền, " +
    "rồi chạy: npm run zalo -- authorize --code <mã nhận được>.",
};
