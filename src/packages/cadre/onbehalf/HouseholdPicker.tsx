import { useEffect, useState } from 'react';
import { Text } from '@tarojs/components';
import type { OrgChoice } from '../../../core/api/contract';
import { call } from '../../../services/api';
import { ChipPicker, Field, FieldError, TextInput, useFieldError } from '../../../components/Form';
import { errorText } from '../../../components/lib';

export interface PickedHousehold {
  id: string;
  label: string;
}

/**
 * 楼栋 → 单元 → 房号 in the grid of the staff member's own contact card (household.browse); without
 * a card, the household's code typed by hand.
 */
export default function HouseholdPicker({ value, onChange }: { value: PickedHousehold | null; onChange: (h: PickedHousehold | null) => void }) {
  const [cardCode, setCardCode] = useState('');
  const [gridName, setGridName] = useState('');
  const [noCard, setNoCard] = useState(false);
  const [buildings, setBuildings] = useState<OrgChoice[]>([]);
  const [building, setBuilding] = useState<OrgChoice | null>(null);
  const [units, setUnits] = useState<OrgChoice[]>([]);
  const [unit, setUnit] = useState<OrgChoice | null>(null);
  const [rooms, setRooms] = useState<OrgChoice[]>([]);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState('');
  const [, clearError] = useFieldError('householdId');

  useEffect(() => {
    call('card.mine', {})
      .then(async ({ card }) => {
        setCardCode(card.cardCode);
        const r = await call('household.browse', { cardCode: card.cardCode });
        setGridName(r.grid.name);
        setBuildings(r.children);
      })
      .catch(() => setNoCard(true));
  }, []);

  async function open(parent: OrgChoice, set: (c: OrgChoice[]) => void) {
    setError('');
    try {
      set((await call('household.browse', { cardCode, parentId: parent.id })).children);
    } catch (e) {
      setError(errorText(e));
    }
  }

  function pickBuilding(id: string) {
    const b = buildings.find((x) => x.id === id) ?? null;
    setBuilding(b);
    setUnit(null);
    setUnits([]);
    setRooms([]);
    onChange(null);
    if (b) void open(b, setUnits);
  }
  function pickUnit(id: string) {
    const u = units.find((x) => x.id === id) ?? null;
    setUnit(u);
    setRooms([]);
    onChange(null);
    if (u) void open(u, setRooms);
  }
  function pickRoom(id: string) {
    const r = rooms.find((x) => x.id === id);
    if (!r) return;
    clearError();
    onChange({ id: r.id, label: `${building?.name ?? ''}${unit?.name ?? ''}${r.name}` });
  }

  if (noCard) {
    return (
      <TextInput
        label='住户编号'
        name='householdId'
        hint='您没有联系卡，请输入住户的统一编号（在组织架构或住户档案中可查）'
        value={typed}
        onChange={(v) => {
          setTyped(v);
          onChange(v.trim() ? { id: v.trim(), label: v.trim() } : null);
        }}
        placeholder='如 HN01-03-02-1-0301'
        inputClass='onbehalf-household-id'
      />
    );
  }

  const opts = (list: OrgChoice[]) => list.map((c) => ({ value: c.id, label: c.name }));
  return (
    <Field label={`住户${gridName ? ` · ${gridName}` : ''}`} name='householdId' className='onbehalf-household'>
      {!cardCode && !error && <Text className='muted'>正在加载楼栋…</Text>}
      {buildings.length > 0 && <ChipPicker options={opts(buildings)} value={building?.id ?? ''} onChange={pickBuilding} chipClass='onbehalf-building-chip' />}
      {units.length > 0 && <ChipPicker options={opts(units)} value={unit?.id ?? ''} onChange={pickUnit} chipClass='onbehalf-unit-chip' />}
      {rooms.length > 0 && <ChipPicker options={opts(rooms)} value={value?.id ?? ''} onChange={pickRoom} chipClass='onbehalf-room-chip' />}
      {value && <Text className='onbehalf-household__picked'>已选：{value.label}</Text>}
      <FieldError message={error} />
    </Field>
  );
}
