import { describe, expect, it } from "vitest";
import { unreachableWhy } from "../../src/chat/texts.ts";

describe("unreachableWhy", () => {
  it.each([
    ["-230: User has not interacted with the OA in 7 days", "quá 7 ngày không tương tác với OA"],
    ["-232: out of window", "quá 7 ngày không tương tác với OA"],
    ["-213: unfollowed the OA", "chưa quan tâm (hoặc đã bỏ quan tâm) OA"],
    ["-227: banned", "tài khoản Zalo bị khóa hoặc không hoạt động quá 45 ngày"],
    ["-244: restricted", "đã chặn loại tin nhắn này từ OA"],
    ["403: Forbidden: bot was blocked by the user", "đã chặn bot"],
    ["403: Forbidden: user is deactivated", "tài khoản Telegram đã bị xóa"],
    ["400: Bad Request: chat not found", "lỗi gửi: 400: Bad Request: chat not found"],
    [null, "không gửi được"],
  ])("%s", (reason, words) => {
    expect(unreachableWhy(reason)).toBe(words);
  });
});
