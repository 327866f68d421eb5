// One room-number normal form (issue 10, item 13). Seed and import write room "101" with the
// household code "<unit>-0101"; the add form, the save action and the import all go through here,
// so "101", "0101" and "１０１" are one room and cannot become two households.

/** The room as shown and stored: half-width, upper case, no spaces, no leading zeros ("0101" → "101"). */
export function normalizeRoom(input: string): string {
  const half = input.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const s = half.replace(/\s+/g, '').toUpperCase();
  const m = /^0*(\d+)(.*)$/.exec(s);
  return m ? `${m[1]}${m[2]}` : s;
}

/** The room's segment of the household code: its leading number padded to 4 digits, no "-" ("101" → "0101"). */
export function roomCode(room: string): string {
  const s = normalizeRoom(room).replace(/-/g, '');
  const m = /^(\d+)(.*)$/.exec(s);
  return m ? `${m[1].padStart(4, '0')}${m[2]}` : s;
}

/** The household code a room in a unit gets (统一编号). */
export const householdCode = (unitId: string, room: string): string => `${unitId}-${roomCode(room)}`;

/** A household's address as every page shows it ("3栋2单元301"), from the current names. */
export const householdLabel = (buildingName: string, unitName: string, room: string) => `${buildingName}${unitName}${room}`;
