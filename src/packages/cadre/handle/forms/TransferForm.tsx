import { useState } from 'react';
import { Text } from '@tarojs/components';
import { call } from '../../../../services/api';
import { TransferInput } from '../../../../core/workflowSchemas';
import { ChipPicker, TextArea, TextInput } from '../../../../components/Form';
import { afterInput } from '../../../../components/Form/errors';
import { CommandShell, SubmitButton, useCommand, type CommandFormProps } from './shared';

type Mode = 'person' | 'grid';
const MODES = [
  { value: 'person' as const, label: '转给干部' },
  { value: 'grid' as const, label: '转给网格' },
];
/** Chips shown at once; a search narrows longer lists. */
const SHOWN = 12;

/** 转办: to the right cadre or grid of the community, with a reason that is recorded. */
export default function TransferForm(props: CommandFormProps) {
  const cmd = useCommand(props);
  const [mode, setMode] = useState<Mode>('person');
  const [q, setQ] = useState('');
  const [personId, setPersonId] = useState('');
  const [gridId, setGridId] = useState('');
  const [reason, setReason] = useState('');
  const { targets, targetsError } = props;

  const people = (targets?.people ?? []).filter((p) => !q.trim() || `${p.name}${p.gridName}${p.roleLabel}`.includes(q.trim()));
  const personOptions = people.slice(0, SHOWN).map((p) => ({ value: p.id, label: `${p.name} · ${p.roleLabel}${p.gridName ? ` · ${p.gridName}` : ''}` }));
  const gridOptions = (targets?.grids ?? []).map((g) => ({ value: g.id, label: g.name }));
  // "Neither a cadre nor a grid" is the schema's check of the whole input (no field path): show it
  // under the picker in view, with the reason's error in the same tap, and clear it on a pick.
  const targetError = cmd.formProps.errors._ || undefined;
  const pick = (set: (v: string) => void) => (v: string) => {
    set(v);
    if (!targetError) return;
    const next = afterInput({ errors: cmd.formProps.errors, headline: cmd.formProps.headline }, '_');
    cmd.formProps.setErrors(next.errors);
    cmd.formProps.setHeadline(next.headline);
  };
  const submit = () =>
    cmd.send(TransferInput, mode === 'person' ? { toPersonId: personId || undefined, reason } : { toGridId: gridId || undefined, reason }, (v) => call('item.transfer', v), { toast: '已转办' });

  return (
    <CommandShell name='transfer' title='转办' hint='转给本社区更合适的干部或网格，转办原因会记入办理记录。' cmd={cmd} actions={<SubmitButton cmd={cmd} name='transfer' onClick={submit}>确认转办</SubmitButton>}>
      <ChipPicker label='转办对象' options={MODES} value={mode} onChange={setMode} chipClass='transfer-mode-chip' />
      {targetsError ? <Text className='field-error'>{targetsError}</Text> : !targets ? <Text className='muted'>正在加载可选对象…</Text> : null}
      {mode === 'person' ? (
        <>
          <TextInput label='查找干部' value={q} onChange={setQ} placeholder='输入姓名或网格' inputClass='transfer-search' />
          <ChipPicker name='toPersonId' options={personOptions} value={personId} onChange={pick(setPersonId)} error={targetError} chipClass='transfer-person-chip' hint={people.length > SHOWN ? `共 ${people.length} 人，输入姓名缩小范围` : undefined} />
        </>
      ) : (
        <ChipPicker label='网格' name='toGridId' options={gridOptions} value={gridId} onChange={pick(setGridId)} error={targetError} chipClass='transfer-grid-chip' />
      )}
      <TextArea label='转办原因' name='reason' value={reason} onChange={setReason} maxlength={200} placeholder='如：该户不属于本网格，应由三网格办理' inputClass='transfer-reason' />
    </CommandShell>
  );
}
