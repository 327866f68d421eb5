import { useState } from 'react';
import { Text } from '@tarojs/components';
import { call } from '../../../../services/api';
import { WHISTLE_LABEL } from '../../../../core/labels';
import type { WhistleKind } from '../../../../core/types';
import { WHISTLE_KINDS, WhistleInput } from '../../../../core/workflowSchemas';
import { ChipPicker, MultiChipPicker, TextArea } from '../../../../components/Form';
import { CommandShell, SubmitButton, useCommand, type CommandFormProps } from './shared';

const KIND_OPTIONS = WHISTLE_KINDS.map((k) => ({ value: k, label: WHISTLE_LABEL[k] }));
const KIND_HINT: Record<WhistleKind, string> = {
  quick: '快捷哨：一个部门，限时报到后办理。',
  emergency: '应急哨：紧急情况，报到时限最短。',
  tough: '攻坚哨：可同时召集多个部门，报到后召开会商。',
};

/** 吹哨: call one department (快捷哨 / 应急哨) or several (攻坚哨); each must 报到 in time. */
export default function WhistleForm(props: CommandFormProps) {
  const cmd = useCommand(props);
  const [kind, setKind] = useState<WhistleKind | ''>('');
  const [departmentIds, setDepartmentIds] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const { targets, targetsError } = props;
  const options = (targets?.departments ?? []).map((d) => ({ value: d.id, label: d.name }));
  const several = kind === 'tough';

  function pickKind(k: WhistleKind) {
    setKind(k);
    if (k !== 'tough' && departmentIds.length > 1) setDepartmentIds(departmentIds.slice(-1));
  }
  const submit = () => cmd.send(WhistleInput, { kind, departmentIds, note }, (v) => call('item.whistle', v), { toast: '已吹哨' });

  return (
    <CommandShell name='whistle' title='吹哨' hint='街道吹哨、部门报到：被召集的部门须在时限内报到。' cmd={cmd} actions={<SubmitButton cmd={cmd} name='whistle' onClick={submit}>吹哨</SubmitButton>}>
      <ChipPicker label='哨型' name='kind' options={KIND_OPTIONS} value={kind} onChange={pickKind} chipClass='whistle-kind-chip' hint={kind ? KIND_HINT[kind] : undefined} />
      {targetsError ? <Text className='field-error'>{targetsError}</Text> : !targets ? <Text className='muted'>正在加载职能部门…</Text> : null}
      {targets && !options.length && <Text className='hint'>本街道还没有登记职能部门，请先在“职能部门”中添加。</Text>}
      <MultiChipPicker
        label={several ? '职能部门（可多选）' : '职能部门'}
        name='departmentIds'
        options={options}
        value={departmentIds}
        onChange={setDepartmentIds}
        max={several ? 5 : 1}
        chipClass='dept-chip'
      />
      <TextArea label='吹哨说明（选填）' name='note' value={note} onChange={setNote} maxlength={200} placeholder='需要部门做什么' inputClass='whistle-note' />
    </CommandShell>
  );
}
