// npm run people -- list | move-title "<chức danh>" --to <mã người> | remove-title "<chức danh>" --person <mã người>
import { formatTable, parseCommandArgs, runCommand } from "../src/cli/run.ts";
import { todayIn } from "../src/domain/dates.ts";
import { findTitle, heldOn, requireOffice, UserError } from "../src/offices.ts";

const HELP = `Cán bộ đã liên kết, chức danh và kênh liên lạc của họ.

Cách dùng:
  npm run people -- list
  npm run people -- move-title "Tư pháp - Hộ tịch" --to <mã người>     (chuyển chức danh cho người khác, ví dụ khi thay người)
  npm run people -- remove-title "Tư pháp - Hộ tịch" --person <mã người>

Mã người là cột "Mã" trong danh sách. Người được chuyển đến cần đã liên kết (dùng mã mời).`;

await runCommand(async ({ db }) => {
  const { values, positionals } = parseCommandArgs(process.argv.slice(2), {
    office: { type: "string" },
    to: { type: "string" },
    person: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  });
  const action = positionals[0];
  if (values.help || !action) return void console.log(HELP);
  const office = await requireOffice(db(), values.office);
  const today = todayIn(office.timezone, new Date());
  const personById = async (raw: string | undefined, flag: string) => {
    const id = Number(raw);
    if (!raw || !Number.isInteger(id)) throw new UserError(`Thiếu hoặc sai ${flag} <mã người>. Xem mã: npm run people -- list`);
    const person = await db().person.findFirst({ where: { id, officeId: office.id } });
    if (!person) throw new UserError(`Không có người mang mã ${id} trong ${office.name}.`);
    return person;
  };
  const active = heldOn(today);
  const titleArg = async () => {
    const name = positionals[1];
    if (!name) throw new UserError(`Thiếu tên chức danh.\n\n${HELP}`);
    const title = await findTitle(db(), office.id, name);
    if (!title) throw new UserError(`Không có chức danh "${name}".`);
    return title;
  };
  switch (action) {
    case "list": {
      const people = await db().person.findMany({
        where: { officeId: office.id, active: true },
        include: { identities: true, assignments: { where: active, include: { title: true } } },
        orderBy: { fullName: "asc" },
      });
      const ROLE: Record<string, string> = { officer: "công chức", coordinator: "điều phối", leader: "lãnh đạo", admin: "quản trị" };
      console.log(
        people.length
          ? formatTable(
              ["Mã", "Họ tên", "Vai trò", "Chức danh", "Kênh"],
              people.map((p) => [
                p.id,
                p.fullName,
                ROLE[p.role] ?? p.role,
                p.assignments.map((a) => a.title.name).join("; ") || "(không có)",
                p.identities.map((i) => `${i.channel}${i.unreachableSince ? " (không liên lạc được)" : ""}`).join(", "),
              ]),
              60,
            )
          : "Chưa có ai liên kết. Tạo mã mời: npm run invite -- create --title \"…\"",
      );
      return;
    }
    case "move-title": {
      const title = await titleArg();
      const to = await personById(values.to, "--to");
      await db().$transaction(async (tx) => {
        await tx.titleAssignment.updateMany({ where: { titleId: title.id, ...active, NOT: { personId: to.id } }, data: { toDate: today } });
        const held = await tx.titleAssignment.findFirst({ where: { titleId: title.id, personId: to.id, ...active } });
        if (!held) await tx.titleAssignment.create({ data: { titleId: title.id, personId: to.id, fromDate: today } });
      });
      console.log(`Từ hôm nay, ${to.fullName} giữ chức danh ${title.name}; người giữ trước không còn thấy nhiệm vụ của chức danh này.`);
      return;
    }
    case "remove-title": {
      const title = await titleArg();
      const person = await personById(values.person, "--person");
      const { count } = await db().titleAssignment.updateMany({ where: { titleId: title.id, personId: person.id, ...active }, data: { toDate: today } });
      if (!count) throw new UserError(`${person.fullName} không giữ chức danh ${title.name}.`);
      console.log(`${person.fullName} không còn giữ chức danh ${title.name} từ hôm nay.`);
      return;
    }
    default:
      throw new UserError(`Không có lệnh "${action}".\n\n${HELP}`);
  }
});
