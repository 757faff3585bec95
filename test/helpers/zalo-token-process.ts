// A second process for the cross-process token test: opens the same database,
// waits for "go" on stdin, asks for an access token, prints it as JSON.
import { createInterface } from "node:readline";
import { ZaloOAuth } from "../../src/channels/zalo/api.ts";
import { ZaloTokenManager } from "../../src/channels/zalo/tokens.ts";
import { openDatabase } from "../../src/db/client.ts";

const [url, base, appId, appSecret, oaId, now, owner] = process.argv.slice(2) as [string, string, string, string, string, string, string];
const db = openDatabase(url);
const tokens = new ZaloTokenManager({ db, oauth: new ZaloOAuth({ oauthBase: base, appId, appSecret }), oaId, now: () => new Date(now), owner, pollMs: 10 });
await db.zaloToken.count(); // connect before "ready"
console.log("ready");
const rl = createInterface({ input: process.stdin });
for await (const line of rl) {
  if (line.trim() !== "go") continue;
  try {
    console.log(JSON.stringify({ token: await tokens.getAccessToken() }));
  } catch (err) {
    console.log(JSON.stringify({ error: String(err) }));
  }
  break;
}
rl.close();
await db.$disconnect();
