// npm run zalo -- consent-url [--pkce] [--redirect-uri <url>]
// npm run zalo -- authorize --code <mã> [--code-verifier <chuỗi>]
// npm run zalo -- status
import { parseCommandArgs, runCommand } from "../src/cli/run.ts";
import { authorizeZalo, zaloConsentUrl, zaloStatus } from "../src/channels/zalo/operator.ts";
import { UserError } from "../src/offices.ts";

const HELP = `Kết nối Zalo Official Account (OA) của trợ lý CCHC.

Cách dùng:
  npm run zalo -- consent-url [--pkce] [--redirect-uri <url>]
      In đường link để quản trị viên OA đồng ý cấp quyền cho ứng dụng.
  npm run zalo -- authorize --code <mã> [--code-verifier <chuỗi>]
      Đổi mã cấp quyền (tham số "code" trên địa chỉ chuyển hướng) lấy mã truy cập và lưu vào CSDL.
      Dùng khi cài đặt lần đầu và khi bot báo kết nối Zalo hết hiệu lực.
  npm run zalo -- status
      Xem hạn của mã truy cập và các cảnh báo chưa xử lý.`;

await runCommand(async ({ config, db }) => {
  const { values, positionals } = parseCommandArgs(process.argv.slice(2), {
    code: { type: "string" },
    "code-verifier": { type: "string" },
    "redirect-uri": { type: "string" },
    state: { type: "string" },
    pkce: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  const action = positionals[0];
  if (values.help || !action) return void console.log(HELP);
  const zalo = config.zalo;
  if (!zalo) throw new UserError("Chưa cấu hình Zalo: đặt ZALO_APP_ID, ZALO_APP_SECRET, ZALO_OA_SECRET_KEY và ZALO_OA_ID trong .env (xem .env.example).");
  switch (action) {
    case "consent-url": {
      const { url, codeVerifier } = zaloConsentUrl(zalo, {
        pkce: values.pkce,
        ...(values.state ? { state: values.state } : {}),
        ...(values["redirect-uri"] ? { redirectUri: values["redirect-uri"] } : {}),
      });
      console.log("Quản trị viên OA mở đường link sau (đăng nhập Zalo), chọn OA và bấm Cho phép:");
      console.log(url);
      if (codeVerifier) console.log(`Giữ lại code_verifier để dùng khi authorize: ${codeVerifier}`);
      console.log('Sau khi đồng ý, trình duyệt chuyển về địa chỉ chuyển hướng kèm "code=…": chạy npm run zalo -- authorize --code <mã đó>.');
      return;
    }
    case "authorize": {
      if (!values.code) throw new UserError(`Thiếu --code.\n\n${HELP}`);
      console.log(await authorizeZalo(db(), zalo, values.code, values["code-verifier"], new Date()));
      return;
    }
    case "status":
      console.log(await zaloStatus(db(), zalo, new Date()));
      return;
    default:
      throw new UserError(`Không có lệnh "${action}".\n\n${HELP}`);
  }
});
