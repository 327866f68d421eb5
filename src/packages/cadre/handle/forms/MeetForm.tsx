import { useState } from 'react';
import { call } from '../../../../services/api';
import { MeetInput } from '../../../../core/workflowSchemas';
import { MultiChipPicker, TextArea, TextInput } from '../../../../components/Form';
import { CommandShell, SubmitButton, useCommand, type CommandFormProps } from './shared';

/** 会商 of a 攻坚哨: who attended and the agreed plan. */
export default function MeetForm(props: CommandFormProps) {
  const cmd = useCommand(props);
  const called = (props.item.whistle?.departments ?? []).map((d) => d.name);
  const [chosen, setChosen] = useState<string[]>(called);
  const [others, setOthers] = useState('');
  const [plan, setPlan] = useState('');
  const attendees = [...chosen, ...others.split(/[、，,\s]+/).map((s) => s.trim()).filter(Boolean)];
  const submit = () => cmd.send(MeetInput, { attendees, plan }, (v) => call('item.meet', v), { toast: '会商已记录' });
  return (
    <CommandShell name='meet' title='会商' hint='记录参会单位和商定的方案，居民可以看到方案。' cmd={cmd} actions={<SubmitButton cmd={cmd} name='meet' onClick={submit}>记录会商</SubmitButton>}>
      <MultiChipPicker label='参会单位' name='attendees' options={called.map((n) => ({ value: n, label: n }))} value={chosen} onChange={setChosen} chipClass='meet-dept-chip' />
      <TextInput label='其他参会单位（选填，用顿号分隔）' value={others} onChange={setOthers} placeholder='如：社区居委会、物业公司' inputClass='meet-others' />
      <TextArea label='会商方案' name='plan' value={plan} onChange={setPlan} maxlength={500} placeholder='各方分工和完成时间' inputClass='meet-plan' />
    </CommandShell>
  );
}
