import { describe, expect, it } from "vitest";
import { findDocumentRefs, parseFigureCommand, parseQuickUpdate, readStatus } from "../../src/domain/replies.ts";

describe("readStatus", () => {
  it.each([
    ["xong", "done", ""],
    ["Xong: đã ban hành kế hoạch", "done", "đã ban hành kế hoạch"],
    ["Hoàn thành", "done", ""],
    ["hoan thanh, da gui bao cao", "done", "da gui bao cao"],
    ["Đã hoàn thành - gửi huyện ngày 15/3", "done", "gửi huyện ngày 15/3"],
    ["đã xong rồi", "done", "rồi"],
    ["HT", "done", ""],
    ["ok", "done", ""],
    ["Đang thực hiện", "in_progress", ""],
    ["đang làm: đã xin ý kiến các bộ phận", "in_progress", "đã xin ý kiến các bộ phận"],
    ["dang lam", "in_progress", ""],
    ["Đang triển khai ở 3 thôn", "in_progress", "ở 3 thôn"],
    ["chưa hoàn thành, còn 2 thôn", "in_progress", "còn 2 thôn"],
    ["Chưa thực hiện", "not_started", ""],
    ["chưa: chờ huyện", "not_started", "chờ huyện"],
    ["chua lam", "not_started", ""],
    ["Chưa triển khai do thiếu kinh phí", "not_started", "do thiếu kinh phí"],
    ["Có vướng mắc: chờ hướng dẫn của huyện", "blocked", "chờ hướng dẫn của huyện"],
    ["vướng: thiếu máy scan", "blocked", "thiếu máy scan"],
    ["vuong mac", "blocked", ""],
    ["khó khăn về nhân lực", "blocked", "về nhân lực"],
  ])("%s", (text, status, rest) => {
    expect(readStatus(text)).toEqual({ status, rest });
  });

  it.each(["", "báo cáo quý 1", "12", "xongxuôi", "đangg", "abc", "đã gửi"])("does not guess a status from %j", (text) => {
    expect(readStatus(text)).toBeNull();
  });
});

describe("findDocumentRefs", () => {
  it.each([
    ["đã ban hành KH số 12/KH-UBND ngày 20/01/2024", ["KH số 12/KH-UBND ngày 20/01/2024"]],
    ["Quyết định 35/QĐ-UBND", ["Quyết định 35/QĐ-UBND"]],
    ["Báo cáo số 88/BC-UBND ngày 5/3/2024 gửi huyện", ["Báo cáo số 88/BC-UBND ngày 5/3/2024"]],
    ["theo Nghị định số 09/2019/NĐ-CP", ["Nghị định số 09/2019/NĐ-CP"]],
    ["KH 12/KH-UBND và TB 3/TB-UBND", ["KH 12/KH-UBND", "TB 3/TB-UBND"]],
    ["đã giải quyết 120/122 hồ sơ", []],
    ["ngày 20/01/2024", []],
    ["không có văn bản", []],
  ])("%s", (text, refs) => {
    expect(findDocumentRefs(text)).toEqual(refs);
  });
});

describe("parseQuickUpdate", () => {
  it("reads number, status, note and product", () => {
    expect(parseQuickUpdate("12 xong: đã ban hành KH 12/KH-UBND")).toEqual({
      ok: true,
      update: { taskNumber: 12, status: "done", note: "đã ban hành KH 12/KH-UBND", product: "KH 12/KH-UBND" },
    });
  });

  it.each([
    ["5 đang làm", 5, "in_progress", null],
    ["số 5 đang thực hiện: đã họp", 5, "in_progress", "đã họp"],
    ["#7 vướng: chờ hướng dẫn", 7, "blocked", "chờ hướng dẫn"],
    ["3: chưa", 3, "not_started", null],
    ["3 - hoàn thành", 3, "done", null],
  ])("%s", (args, n, status, note) => {
    const r = parseQuickUpdate(args);
    expect(r.ok).toBe(true);
    if (r.ok) expect([r.update.taskNumber, r.update.status, r.update.note]).toEqual([n, status, note]);
  });

  it.each([
    ["", "no-number"],
    ["xong", "no-number"],
    ["abc xong", "no-number"],
    ["12", "no-status"],
    ["12 đã gửi", "no-status"],
  ])("refuses %j (%s)", (args, reason) => {
    expect(parseQuickUpdate(args)).toEqual({ ok: false, reason });
  });
});

describe("parseFigureCommand", () => {
  it.each([
    ["6 120/122", { taskNumber: 6, targetIndex: null, figure: "120/122" }],
    ["6 98,4%", { taskNumber: 6, targetIndex: null, figure: "98,4%" }],
    ["6.2 98%", { taskNumber: 6, targetIndex: 2, figure: "98%" }],
    ["số 6: 120 trên 122", { taskNumber: 6, targetIndex: null, figure: "120 trên 122" }],
  ])("%s", (args, expected) => {
    expect(parseFigureCommand(args)).toEqual(expected);
  });

  it.each(["", "abc", "6", "98%"])("refuses %j", (args) => {
    expect(parseFigureCommand(args)).toBeNull();
  });
});
