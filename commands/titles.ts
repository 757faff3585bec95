// npm run titles -- list | add <tên> [--kind unit] | rename <cũ> <mới> | merge <từ> <vào> | alias <chức danh> <tên gọi khác>
import { formatTable, parseCommandArgs, runCommand } from "../src/cli/run.ts";
import type { TitleKind } from "../src/domain/titles.ts";
import {
  addTitleAlias,
  createOfficeTitle,
  loadCatalogue,
  mergeTitles,
  renameTitle,
  requireOffice,
  UserError,
} from "../src/offices.ts";

const HELP = `Quản lý danh mục chức danh của đơn vị.

Cách dùng:
  npm run titles -- list [--office "UBND xã …"]
  npm run titles -- add "Phòng Kinh tế" [--kind unit]
  npm run titles -- rename "Tên cũ" "Tên mới"
  npm run titles -- merge "Chức danh bị gộp" "Chức danh giữ lại"
  npm run titles -- alias "Tư pháp - Hộ tịch" "Ban Tư pháp"

Tên cũ và các cách viết khác được giữ làm tên gọi khác, nên lần nhập kế hoạch sau vẫn khớp đúng.`;

const KINDS: Record<string, string> = {
  officer: "công chức",
  unit: "bộ phận",
  leader: "lãnh đạo",
  group: "nhóm chung",
  external: "ngoài UBND",
};

await runCommand(async ({ db }) => {
  const { values, positionals } = parseCommandArgs(process.argv.slice(2), {
    office: { type: "string" },
    kind: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  });
  const [action, a, b] = positionals;
  if (values.help || !action) return void console.log(HELP);
  const office = await requireOffice(db(), values.office);
  const need = (n: number) => {
    if (positionals.length !== n + 1) throw new UserError(`Lệnh "${action}" cần ${n} tên trong ngoặc kép.\n\n${HELP}`);
  };
  switch (action) {
    case "list": {
      const catalogue = await loadCatalogue(db(), office.id);
      const counts = await db().taskTitle.groupBy({ by: ["titleId", "role"], _count: { _all: true }, where: { task: { active: true } } });
      const count = (id: number, role: string) => counts.find((c) => c.titleId === id && c.role === role)?._count._all ?? 0;
      console.log(`Chức danh của ${office.name}:\n`);
      console.log(
        formatTable(
          ["Chức danh", "Loại", "Chủ trì", "Phối hợp", "Tên gọi khác"],
          catalogue.map((t) => [
            `${t.name}${t.fromImport ? " (mới từ kế hoạch)" : ""}`,
            KINDS[t.kind] ?? t.kind,
            count(t.id, "lead"),
            count(t.id, "support"),
            t.aliases.filter((x) => x !== t.name).join("; "),
          ]),
          200,
        ),
      );
      return;
    }
    case "add": {
      need(1);
      const kind = (values.kind ?? "officer") as TitleKind;
      if (!(kind in KINDS)) throw new UserError(`--kind phải là một trong: ${Object.keys(KINDS).join(", ")}.`);
      await createOfficeTitle(db(), office.id, a!, kind);
      console.log(`Đã thêm chức danh "${a}".`);
      return;
    }
    case "rename":
      need(2);
      await renameTitle(db(), office.id, a!, b!);
      console.log(`Đã đổi tên "${a}" thành "${b}" (tên cũ được giữ làm tên gọi khác).`);
      return;
    case "merge":
      need(2);
      await mergeTitles(db(), office.id, a!, b!);
      console.log(`Đã gộp "${a}" vào "${b}": nhiệm vụ, chỉ tiêu và người giữ chức danh đã chuyển sang "${b}".`);
      return;
    case "alias": {
      need(2);
      const name = await addTitleAlias(db(), office.id, a!, b!);
      console.log(`Từ nay "${b}" được hiểu là "${name}".`);
      return;
    }
    default:
      throw new UserError(`Không có lệnh "${action}".\n\n${HELP}`);
  }
});
