// Facts about the deterministic demo community, so tests can pick a card and a room by name.
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
  return {
    data: d,
    cadre,
    persona,
    household,
    building: nodes.get(household.buildingId)!,
    unit: nodes.get(household.unitId)!,
  };
}
