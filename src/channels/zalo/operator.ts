// What the operator command `npm run zalo` does, kept apart from argument
// parsing so tests can run it in-process against the fake Zalo server.
import { createHash, randomBytes } from "node:crypto";
import type { ZaloConfig } from "../../config.ts";
import type { Db } from "../../db/client.ts";
import { UserError } from "../../offices.ts";
import { ZaloOAuth, ZaloOAuthError } from "./api.ts";
import { ALERT_NOT_AUTHORIZED, ALERT_TOKEN_DEAD, ZaloTokenManager } from "./tokens.ts";

/** Exchanges an authorization code from the consent page for a token pair and stores it. */
export async function authorizeZalo(db: Db, config: ZaloConfig, code: string, codeVerifier: string | undefined, now: Date): Promise<string> {
  const oauth = new ZaloOAuth({ oauthBase: config.oauthBase, appId: config.appId, appSecret: config.appSecret });
  let pair;
  try {
    pair = await oauth.exchangeCode(code.trim(), codeVerifier?.trim() || undefined);
  } catch (err) {
    if (err instanceof ZaloOAuthError) {
      throw new UserError(
        `Zalo không chấp nhận mã cấp quyền (${err.message}). Mã chỉ dùng được một lần và hết hạn sau vài phút: ` +
          "mở lại đường link cấp quyền (npm run zalo -- consent-url) để lấy mã mới.",
      );
    }
    throw err;
  }
  const tokens = new ZaloTokenManager({ db, oauth, oaId: config.oaId, now: () => now });
  await tokens.storePair(pair);
  const expires = new Date(now.getTime() + pair.expiresIn * 1000);
  return `Đã lưu mã truy cập Zalo mới cho OA ${config.oaId}; hết hạn lúc ${expires.toLocaleString("vi-VN", { timeZone: "Asia/Ho_Chi_Minh" })} và sẽ được làm mới tự động.`;
}

/** Token expiry, lease and open alerts, in Vietnamese. */
export async function zaloStatus(db: Db, config: ZaloConfig, now: Date): Promise<string> {
  const row = await db.zaloToken.findUnique({ where: { oaId: config.oaId } });
  const fmt = (d: Date) => d.toLocaleString("vi-VN", { timeZone: "Asia/Ho_Chi_Minh" });
  const lines = [`Zalo OA ${config.oaId} (ứng dụng ${config.appId})`, `Webhook: ${config.webhookPath}  ·  API: ${config.apiBase}  ·  OAuth: ${config.oauthBase}`];
  if (!row) {
    lines.push(
      config.bootstrapRefreshToken
        ? "Mã truy cập: chưa có trong CSDL; sẽ lấy bằng ZALO_REFRESH_TOKEN ở lần gọi đầu."
        : "Mã truy cập: chưa có. Chạy: npm run zalo -- consent-url, rồi npm run zalo -- authorize --code <mã>.",
    );
  } else if (row.deadSince) {
    lines.push(`Mã truy cập: HẾT HIỆU LỰC từ ${fmt(row.deadSince)}. Cần cấp quyền lại: npm run zalo -- consent-url, rồi authorize --code <mã>.`);
  } else {
    const minutes = Math.round((row.expiresAt.getTime() - now.getTime()) / 60_000);
    lines.push(
      minutes > 0
        ? `Mã truy cập: còn hiệu lực đến ${fmt(row.expiresAt)} (khoảng ${Math.floor(minutes / 60)} giờ ${minutes % 60} phút); tự làm mới trước khi hết hạn.`
        : `Mã truy cập: đã hết hạn lúc ${fmt(row.expiresAt)}; sẽ được làm mới ở lần gọi tiếp theo.`,
    );
    lines.push(`Cập nhật lần cuối: ${fmt(row.updatedAt)}`);
    if (row.refreshingBy && row.refreshingUntil && row.refreshingUntil > now) lines.push(`Đang làm mới bởi: ${row.refreshingBy}`);
  }
  const alerts = await db.operatorAlert.findMany({
    where: { kind: { in: [ALERT_TOKEN_DEAD, ALERT_NOT_AUTHORIZED] }, resolvedAt: null },
    orderBy: { createdAt: "asc" },
  });
  lines.push(alerts.length ? `Cảnh báo chưa xử lý (${alerts.length}):` : "Không có cảnh báo nào chưa xử lý.");
  for (const a of alerts) lines.push(`- ${fmt(a.createdAt)}: ${a.message}`);
  const unreachable = await db.channelIdentity.count({ where: { channel: "zalo", unreachableSince: { not: null } } });
  if (unreachable) lines.push(`Tài khoản Zalo đang không nhận được tin: ${unreachable} (xem bản tổng hợp của công chức điều phối).`);
  return lines.join("\n");
}

/** The consent page URL; with PKCE, also the code_verifier to pass to `authorize`. */
export function zaloConsentUrl(config: ZaloConfig, opts: { state?: string; pkce?: boolean; redirectUri?: string }): { url: string; codeVerifier?: string } {
  const redirect = opts.redirectUri ?? config.redirectUri;
  if (!redirect) throw new UserError("Thiếu địa chỉ chuyển hướng: đặt ZALO_REDIRECT_URI trong .env (đúng địa chỉ đã khai báo trong ứng dụng Zalo) hoặc thêm --redirect-uri.");
  const oauth = new ZaloOAuth({ oauthBase: config.oauthBase, appId: config.appId, appSecret: config.appSecret });
  const state = opts.state ?? randomBytes(8).toString("hex");
  if (!opts.pkce) return { url: oauth.consentUrl(redirect, state) };
  const codeVerifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(codeVerifier).digest("base64url");
  return { url: oauth.consentUrl(redirect, state, challenge), codeVerifier };
}
