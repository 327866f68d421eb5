import { useState } from 'react';
import { call } from '../../../../services/api';
import { CATEGORIES, CLASS_LABEL, type Category } from '../../../../core/labels';
import type { ItemClass } from '../../../../core/types';
import { ITEM_CLASSES, VerifyInput } from '../../../../core/workflowSchemas';
import { ChipPicker, TextArea } from '../../../../components/Form';
import { CommandShell, SubmitButton, useCommand, type CommandFormProps } from './shared';

const CLASS_OPTIONS = ITEM_CLASSES.map((c) => ({ value: c, label: CLASS_LABEL[c] }));
const CATEGORY_OPTIONS = CATEGORIES.map((c) => ({ value: c, label: c }));

/** A value the picker can show as chosen, or '' (nothing chosen) when the item holds an unknown one. */
function known<T extends string>(values: readonly T[], value: string): T | '' {
  return (values as readonly string[]).includes(value) ? (value as T) : '';
}

/** 核单: set the class (which sets the deadline) and the category, then take it; both start as the item has them. */
export default function VerifyForm(props: CommandFormProps) {
  const cmd = useCommand(props);
  const [itemClass, setItemClass] = useState<ItemClass | ''>(() => known(ITEM_CLASSES, props.item.itemClass));
  const [category, setCategory] = useState<Category | ''>(() => known(CATEGORIES, props.item.category));
  const [note, setNote] = useState('');
  const submit = () => cmd.send(VerifyInput, { itemClass, category, note }, (v) => call('item.verify', v), { toast: '已核单受理' });
  return (
    <CommandShell name='verify' title='核单受理' hint='定级后按该级别的时限计算办结期限，居民会收到受理通知。' cmd={cmd} actions={<SubmitButton cmd={cmd} name='verify' onClick={submit}>确认受理</SubmitButton>}>
      <ChipPicker label='事项分级' name='itemClass' options={CLASS_OPTIONS} value={itemClass} onChange={setItemClass} chipClass='class-chip' />
      <ChipPicker label='事项分类' name='category' options={CATEGORY_OPTIONS} value={category} onChange={setCategory} chipClass='verify-category-chip' />
      <TextArea label='核单说明（选填）' name='note' value={note} onChange={setNote} maxlength={200} placeholder='如：已电话联系居民核实情况' inputClass='verify-note' />
    </CommandShell>
  );
}
