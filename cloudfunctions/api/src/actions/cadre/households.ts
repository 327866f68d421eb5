import type { CadreHouseholdsResult } from '../../../../../src/core/personal/contract';
import { CADRE_HOUSEHOLDS_PAGE as PAGE, CadreHouseholdsInput } from '../../../../../src/core/personal/schemas';
import { fail } from '../../../../../src/core/errors';
import { defineAction } from '../../action';
import { auditScopeOf, recordAudit } from '../../audit';
import { hasSensitiveTags } from '../../../../../src/core/privacy';
import { isAway } from '../../../../../src/core/routing';
import type { Ctx } from '../../context';

/** The cadres whose B角 this person is and who are away now (one read). */
async function awayCadresBackedBy(ctx: Ctx, personId: string): Promise<string[]> {
  return (await ctx.repos.people.backedUpBy(personId)).filter((p) => isAway(p, ctx.now)).map((p) => p._id);
}

/**
 * 包保住户 (PIPL Art. 28: sensitive tags visible to the household's cadre and grid leader only, and
 * only for a stated purpose): a 包保干部 reads the households they serve (households.cadreId), a
 * 网格长 every household of a grid they lead (households.gridId), 50 a page by code. A B角 also sees
 * the households of the cadres they back up while those are away (AB岗, as routing hands them items). The tags
 * (低保, 残疾 …) come back only when the caller gives a purpose; that view is then written to the
 * audit log (household.view, the purpose as its reason), as the admin pages' views are. Without a
 * purpose the page learns only how many of the households hold sensitive tags.
 */
export const cadreHouseholds = defineAction({
  name: 'cadre.households',
  input: CadreHouseholdsInput,
  async run(ctx, input): Promise<CadreHouseholdsResult> {
    // Authorize: a cadre grant (their own households) or a grid leader grant (that grid).
    const user = await ctx.user();
    const personId = user?.person?.id;
    const cadreGrid = user?.roles.find((r) => r.role === 'cadre')?.nodeId;
    const leads = [...new Set((user?.roles ?? []).filter((r) => r.role === 'gridLeader').map((r) => r.nodeId))];
    if (!user || !personId || (!cadreGrid && !leads.length)) return fail('FORBIDDEN', '包保住户仅对包保干部和网格长开放');
    const kind = input.scope ?? (cadreGrid ? 'mine' : 'grid');
    if (kind === 'mine' && !cadreGrid) return fail('FORBIDDEN', '您不是包保干部，没有包保的住户；网格长请查看全网格住户');
    if (kind === 'grid' && !leads.length) return fail('FORBIDDEN', '只有网格长可以查看全网格住户');
    const gridId = kind === 'mine' ? cadreGrid! : input.gridId ?? leads[0];
    if (kind === 'grid' && !leads.includes(gridId)) return fail('FORBIDDEN', '该网格不在您的管理范围内');

    // Use case: one page of the households, by code.
    const nodes = await ctx.repos.nodes.many([gridId, ...leads]);
    const grid = nodes.get(gridId);
    if (!grid) return fail('NOT_FOUND', '您所在的网格不存在，请联系社区');
    // AB岗: while a cadre is away, their B角 serves (and may see) their households too.
    const standIn = kind === 'mine' ? await awayCadresBackedBy(ctx, personId) : [];
    const page = input.page ?? 0;
    const { households, hasMore } = await ctx.repos.households.page(kind === 'mine' ? { cadreIds: [personId, ...standIn] } : { gridId }, page, PAGE);
    const people = await ctx.repos.people.many([...new Set(households.map((h) => h.cadreId ?? '').filter(Boolean))]);
    const tagged = households.filter((h) => hasSensitiveTags(h.tags));
    const show = !!input.purpose;
    if (show && tagged.length) {
      const who = kind === 'mine' ? (standIn.length ? '包保干部查看所包保住户（含代岗）' : '包保干部查看所包保住户') : '网格长查看网格住户';
      await recordAudit(ctx, { user }, {
        action: 'household.view', target: grid._id, scopeNodeId: auditScopeOf(grid), reason: input.purpose,
        detail: `${who} ${households.length} 户（第 ${page + 1} 页），其中 ${tagged.length} 户有敏感标签：${tagged.map((h) => h._id).join('、')}`,
      });
    }
    return {
      scope: { kind, gridId: grid._id, gridName: grid.name },
      grids: leads.flatMap((id) => {
        const n = nodes.get(id);
        return n ? [{ id: n._id, name: n.name }] : [];
      }),
      isCadre: !!cadreGrid,
      households: households.map((h) => ({
        id: h._id,
        label: h.label,
        room: h.room,
        members: h.members ?? 1,
        cadreName: h.cadreId ? people.get(h.cadreId)?.name ?? null : null,
        tags: show ? h.tags ?? [] : null,
      })),
      taggedCount: tagged.length,
      tagsShown: show,
      page,
      hasMore,
    };
  },
});
