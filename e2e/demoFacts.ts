// Facts about the deterministic demo community, so tests can pick a card, a room, a persona or a
// seeded item by name.
import { generateDemoCommunity } from '../scripts/seed';

export function demoFacts() {
  const d = generateDemoCommunity();
  const nodes = new Map(d.orgNodes.map((n) => [n._id, n]));
  const cadrePersonas = d.personas.filter((p) => d.people.find((x) => x.openid === p.openid)?.roles.some((r) => r.role === 'cadre'));
  /** A cadre who is a demo persona, present (not away), with a card and households. */
  const cadre = d.people.find(
    (p) => cadrePersonas.some((x) => x.openid === p.openid) && !p.away && p.cardCode && d.households.some((h) => h.cadreId === p._id),
  )!;
  const persona = d.personas.find((p) => p.openid === cadre.openid)!;
  const household = d.households.find((h) => h.cadreId === cadre._id)!;
  const personaOf = (openid?: string) => d.personas.find((p) => p.openid === openid)!;
  const streetAdmin = d.people.find((p) => p.roles.some((r) => r.role === 'streetAdmin'))!;
  return {
    data: d,
    /** 街道管理员 of 河南街道 and their persona. */
    streetAdmin: { person: streetAdmin, persona: personaOf(streetAdmin.openid) },
    /** 职能部门 of the street, each with its one staff member and persona. */
    departments: d.departments.map((department) => {
      const staff = d.people.find((p) => p.roles.some((r) => r.departmentId === department._id))!;
      return { department, staff, persona: personaOf(staff.openid) };
    }),
    /** The seeded items: find one by its description; state, level and overdue as seeded. */
    items: d.items.map((s) => ({ key: s.key, description: s.description, ...s.expect })),
    cadre,
    persona,
    household,
    building: nodes.get(household.buildingId)!,
    unit: nodes.get(household.unitId)!,
  };
}
