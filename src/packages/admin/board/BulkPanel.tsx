import { useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import type { TargetsResult } from '../../../core/api/contract';
import { WHISTLE_LABEL } from '../../../core/labels';
import type { WhistleKind } from '../../../core/types';
import { TransferInput, WHISTLE_KINDS, WhistleInput } from '../../../core/workflowSchemas';
import { call } from '../../../services/api';
import ErrorBox from '../../../components/ErrorBox';
import { Button, ChipPicker, Form, MultiChipPicker, TextArea } from '../../../components/Form';
import { afterInput } from '../../../components/Form/errors';
import { errorText, firstLine } from '../../../components/lib';
import { useSubmit } from '../../../components/useSubmit';

export type BulkKind = 'transfer' | 'whistle';
export interface BulkOutcome {
  id: string;
  title: string;
  ok: boolean;
  message: string;
}

const KIND_OPTIONS = WHISTLE_KINDS.map((k) => ({ value: k, label: WHISTLE_LABEL[k] }));

/**
 * 批量转办 / 批量吹哨: one form, then the command for each selected item in turn, at the version
 * the board showed (an item changed meanwhile answers 「已有新的进展」 instead of being overridden),
 * reporting success or the server's message per item.
 */
export default function BulkPanel({
  kind,
  selected,
  onClose,
  onFinished,
}: {
  kind: BulkKind;
  selected: { id: string; description: string; version: number }[];
  onClose: () => void;
  onFinished: (outcomes: BulkOutcome[]) => void;
}) {
  const form = useSubmit();
  const [targets, setTargets] = useState<TargetsResult | null>(null);
  const [targetsError, setTargetsError] = useState('');
  const [mode, setMode] = useState<'person' | 'grid'>('grid');
  const [toPersonId, setToPersonId] = useState('');
  const [toGridId, setToGridId] = useState('');
  const [reason, setReason] = useState('');
  const [whistleKind, setWhistleKind] = useState<WhistleKind | ''>('');
  const [departmentIds, setDepartmentIds] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [progress, setProgress] = useState('');

  // Choices come from the first selected item (the same community in practice); the server checks each.
  const firstId = selected[0]?.id ?? '';
  useEffect(() => {
    if (!firstId) return;
    call('item.targets', { id: firstId })
      .then(setTargets)
      .catch((e) => setTargetsError(errorText(e)));
  }, [firstId]);

  async function runAll(send: (id: string, version: number) => Promise<unknown>) {
    const outcomes: BulkOutcome[] = [];
    for (const [i, it] of selected.entries()) {
      setProgress(`正在处理 ${i + 1}/${selected.length}…`);
      const title = firstLine(it.description, 20);
      try {
        await send(it.id, it.version);
        outcomes.push({ id: it.id, title, ok: true, message: kind === 'transfer' ? '已转办' : '已吹哨' });
      } catch (e) {
        outcomes.push({ id: it.id, title, ok: false, message: errorText(e) });
      }
    }
    setProgress('');
    onFinished(outcomes);
  }

  // The shared schema checks the fields once (with the first item's id); each item then gets its own version.
  async function submit() {
    if (kind === 'transfer') {
      const fields = mode === 'person' ? { toPersonId: toPersonId || undefined, reason } : { toGridId: toGridId || undefined, reason };
      await form.submit(TransferInput, { id: firstId, version: 0, ...fields }, (v) =>
        runAll((id, version) => call('item.transfer', { ...v, id, version })),
      );
    } else {
      await form.submit(WhistleInput, { id: firstId, version: 0, kind: whistleKind, departmentIds, note }, (v) =>
        runAll((id, version) => call('item.whistle', { ...v, id, version })),
      );
    }
  }

  // TransferInput's "neither a cadre nor a grid" has no field path: shown under the picker in view, cleared on a pick.
  const targetError = form.fields._ || undefined;
  const pick = (set: (v: string) => void) => (v: string) => {
    set(v);
    if (!targetError) return;
    const next = afterInput({ errors: form.fields, headline: form.error }, '_');
    form.setFields(next.errors);
    form.setError(next.headline);
  };
  const people = (targets?.people ?? []).map((p) => ({ value: p.id, label: `${p.name} · ${p.roleLabel}` }));
  const grids = (targets?.grids ?? []).map((g) => ({ value: g.id, label: g.name }));
  const depts = (targets?.departments ?? []).map((d) => ({ value: d.id, label: d.name }));
  // Loaded but empty: say why, instead of a label over nothing.
  const none = (list: unknown[], why: string) => (targets && !list.length ? why : undefined);

  return (
    <View className='card bulk-panel'>
      <Text className='section-title'>{kind === 'transfer' ? '批量转办' : '批量吹哨'}（{selected.length} 件）</Text>
      <Form {...form.formProps} className={`bulk-form bulk-form-${kind}`}>
        {targetsError ? <Text className='field-error'>{targetsError}</Text> : !targets ? <Text className='muted'>正在加载可选对象…</Text> : null}
        {kind === 'transfer' ? (
          <>
            <ChipPicker label='转给' options={[{ value: 'grid' as const, label: '网格' }, { value: 'person' as const, label: '干部' }]} value={mode} onChange={setMode} chipClass='bulk-mode-chip' />
            {mode === 'grid' ? (
              <ChipPicker name='toGridId' options={grids} value={toGridId} onChange={pick(setToGridId)} error={targetError} chipClass='bulk-grid-chip' hint={none(grids, '没有可转给的网格：请只勾选由您办理的事项。')} />
            ) : (
              <ChipPicker name='toPersonId' options={people} value={toPersonId} onChange={pick(setToPersonId)} error={targetError} chipClass='bulk-person-chip' hint={none(people, '没有可转给的干部：请只勾选由您办理的事项。')} />
            )}
            <TextArea label='转办原因' name='reason' value={reason} onChange={setReason} maxlength={200} inputClass='bulk-reason' />
          </>
        ) : (
          <>
            <ChipPicker label='哨型' name='kind' options={KIND_OPTIONS} value={whistleKind} onChange={setWhistleKind} chipClass='bulk-whistle-kind-chip' />
            <MultiChipPicker label='职能部门' name='departmentIds' options={depts} value={departmentIds} onChange={setDepartmentIds} max={whistleKind === 'tough' ? 5 : 1} chipClass='bulk-dept-chip' hint={none(depts, '没有可召集的职能部门：只有已派单到街道、由您办理的事项才能吹哨，请只勾选层级为“街道”的事项。')} />
            <TextArea label='吹哨说明（选填）' name='note' value={note} onChange={setNote} maxlength={200} inputClass='bulk-note' />
          </>
        )}
        <ErrorBox message={form.error} />
        {progress ? <Text className='hint bulk-progress'>{progress}</Text> : null}
        <View className='btn-row bulk-panel__buttons'>
          <Button kind='plain' disabled={!!form.busy} onClick={onClose}>
            取消
          </Button>
          <Button className='bulk-run' busy={!!form.busy} busyText='处理中…' onClick={() => void submit()}>
            {kind === 'transfer' ? '逐件转办' : '逐件吹哨'}
          </Button>
        </View>
      </Form>
    </View>
  );
}
