import { useState } from 'react';
import { useLoad, useRouter } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import type { AssignOverview, NodeView } from '../../../core/api/adminContract';
import { AssignSetInput } from '../../../core/adminSchemas';
import { parse } from '../../../core/schemas';
import { call } from '../../../services/api';
import ErrorBox from '../../../components/ErrorBox';
import { ChipPicker, Form } from '../../../components/Form';
import { afterInput } from '../../../components/Form/errors';
import { errorText, readParam } from '../../../components/lib';
import { useLatestLoad } from '../../../components/useLatestLoad';
import AdminGate, { whenAdmin } from '../components/AdminGate';
import NodePicker from '../components/NodePicker';
import Toggle from '../components/Toggle';
import { adminStore } from '../components/store';
import { ASSIGN_STATUS_LABEL, LEVEL_LABEL } from '../components/labels';
import '../components/admin.css';
import './index.css';
import { FieldError } from '../../../components/Form';

const STATUS_CLASS = { over: 'badge--red', under: 'badge--orange', ok: 'badge--green' } as const;

function AssignPage() {
  const paramGrid = readParam(useRouter().params.gridId);
  const [gridId, setGridId] = useState(paramGrid);
  const [gridName, setGridName] = useState('');
  const [scopeRoot, setScopeRoot] = useState('');
  const [pickedGrid, setPickedGrid] = useState<NodeView | null>(null);
  const [overview, setOverview] = useState<AssignOverview | null>(null);
  const { loading, error, setError, run } = useLatestLoad();

  const [cadreId, setCadreId] = useState('');
  const [node, setNode] = useState<NodeView | null>(null);
  const [onlyUnserved, setOnlyUnserved] = useState(true);
  const [selected, setSelected] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState('');
  const [assignError, setAssignError] = useState('');
  // Field errors of the batch form; the shared Form parts clear them (and the headline) on input.
  const [assignFields, setAssignFields] = useState<Record<string, string>>({});
  /** Shows `message` at the field and as the headline, until that field changes. */
  const refuse = (field: string, message: string) => {
    setAssignFields({ [field]: message });
    setAssignError(message);
  };
  const touched = (field: string) => {
    const next = afterInput({ errors: assignFields, headline: assignError }, field);
    setAssignFields(next.errors);
    setAssignError(next.headline);
  };
  function pickCadre(id: string) {
    touched('cadreId');
    setCadreId(id);
  }

  const load = (grid: string) =>
    run(
      () =>
        Promise.all([
          call('admin.assign.overview', { gridId: grid }),
          gridName ? Promise.resolve(null) : call('admin.org.children', { parentId: grid }).catch(() => null),
        ]),
      ([ov, org]) => {
        setOverview(ov);
        if (org?.parent) setGridName(org.parent.name);
        setSelected((s) => s.filter((id) => ov.unserved.some((h) => h.id === id)));
      },
    );

  useLoad(() => {
    void whenAdmin(async () => {
      if (paramGrid) return load(paramGrid);
      const roots = await adminStore.loadScope();
      setScopeRoot(roots.length === 1 ? roots[0].id : '');
      if (roots.length === 1 && roots[0].level === 'grid') {
        setGridId(roots[0].id);
        setGridName(roots[0].name);
        await load(roots[0].id);
      }
    });
  });

  function chooseGrid(n: NodeView) {
    setPickedGrid(n);
    setGridId(n.id);
    setGridName(n.name);
    setOverview(null);
    setCadreId('');
    setNode(null);
    setSelected([]);
    setResult('');
    void load(n.id);
  }

  function changeGrid() {
    setGridId('');
    setOverview(null);
    setResult('');
    setAssignError('');
  }

  async function assign(input: { householdIds?: string[]; nodeId?: string; onlyUnserved?: boolean }) {
    if (busy) return;
    setResult('');
    setAssignError('');
    setAssignFields({});
    if (!cadreId) return refuse('cadreId', '请先选择包保干部');
    const checked = parse(AssignSetInput, { cadreId, ...input });
    if (!checked.ok) return setAssignError(checked.message);
    setBusy(true);
    try {
      const res = await call('admin.assign.set', checked.value);
      const cadre = overview?.cadres.find((c) => c.id === cadreId);
      setResult(`已分配 ${res.changed} 户${cadre ? `给 ${cadre.name}` : ''}`);
      if (input.householdIds) setSelected([]);
      await load(gridId);
    } catch (e) {
      setAssignError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  function toggleHousehold(id: string) {
    touched('householdIds');
    setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  }

  const cadres = overview?.cadres ?? [];
  const cadre = cadres.find((c) => c.id === cadreId);
  const unserved = overview?.unserved ?? [];

  return (
    <AdminGate>
      {() =>
        !gridId ? (
          <View className='page admin-assign'>
            <View className='card'>
              <Text className='section-title'>选择网格</Text>
              <Text className='hint'>包保分配按网格进行，请先选择一个网格。</Text>
              <NodePicker
                startId={scopeRoot || undefined}
                selectable={(n) => n.level === 'grid'}
                canDrill={(n) => n.level === 'street' || n.level === 'community'}
                value={pickedGrid}
                onChange={chooseGrid}
                rowClass='grid-pick-row'
                emptyText='没有网格'
              />
            </View>
          </View>
        ) : (
          <View className='page admin-assign'>
            <View className='card assign-head'>
              <View className='admin-head'>
                <View>
                  <Text className='admin-head__title'>{gridName || gridId}</Text>
                  <Text className='admin-head__meta'>网格编号 {gridId}</Text>
                </View>
                {!paramGrid && (
                  <Text className='btn-sm assign-change-grid' onClick={changeGrid}>
                    更换网格
                  </Text>
                )}
              </View>
              {overview && (
                <View className='assign-stats'>
                  <View className='assign-stat'>
                    <Text className='assign-stat__num'>{overview.households}</Text>
                    <Text className='assign-stat__label'>住户</Text>
                  </View>
                  <View className='assign-stat'>
                    <Text className='assign-stat__num'>{cadres.length}</Text>
                    <Text className='assign-stat__label'>包保干部</Text>
                  </View>
                  <View className='assign-stat'>
                    <Text className={`assign-stat__num unserved-count ${overview.unservedCount ? 'text-orange' : 'text-green'}`}>{overview.unservedCount}</Text>
                    <Text className='assign-stat__label'>未包保住户</Text>
                  </View>
                  <View className='assign-stat'>
                    <Text className='assign-stat__num'>{overview.target}</Text>
                    <Text className='assign-stat__label'>每人目标户数</Text>
                  </View>
                </View>
              )}
            </View>

            <ErrorBox message={error} />
            {loading && !overview && <Text className='loading'>加载中…</Text>}

            {overview && (
              <>
                <View className='card list-card assign-cadres'>
                  <Text className='form-title assign-cadres__title'>干部包保情况（目标每人 {overview.target} 户）</Text>
                  {cadres.length === 0 && <Text className='muted'>本网格还没有包保干部，请先在“人员与角色”中添加。</Text>}
                  {cadres.map((c) => (
                    <View
                      key={c.id}
                      className={`row assign-cadre-row ${c.id === cadreId ? 'row--on' : ''}`}
                      data-id={c.id}
                      data-status={c.status}
                      data-away={c.away ? '1' : undefined}
                      onClick={() => pickCadre(c.id)}
                    >
                      <View className='row__main'>
                        <Text className='row__title'>{c.name}</Text>
                        <Text className='row__sub'>
                          包保 {c.count} / {overview.target} 户
                          {c.away ? ` · 外出 ${c.away.from} 至 ${c.away.to}` : ''}
                        </Text>
                      </View>
                      <Text className={`badge ${STATUS_CLASS[c.status]} assign-status assign-status-${c.status}`}>{ASSIGN_STATUS_LABEL[c.status]}</Text>
                    </View>
                  ))}
                </View>

                <Form className='card assign-form' errors={assignFields} setErrors={setAssignFields} headline={assignError} setHeadline={setAssignError}>
                  <Text className='section-title'>批量分配</Text>
                  <ChipPicker
                    label='1. 选择包保干部'
                    name='cadreId'
                    options={cadres.map((c) => ({ value: c.id, label: `${c.name}（${c.count}户${c.away ? '，外出中' : ''}）` }))}
                    value={cadreId}
                    onChange={setCadreId}
                    chipClass='assign-cadre-chip'
                  />
                  {cadre?.away && (
                    <Text className='warn-box assign-away-warning'>
                      {cadre.name}外出（{cadre.away.from} 至 {cadre.away.to}）。外出期间，分给他的住户反映的诉求由其 B角 代办；长期外出请改选其他干部。
                    </Text>
                  )}
                  <Text className='field__label assign-form__step'>2. 选择楼栋或单元</Text>
                  <NodePicker
                    startId={gridId}
                    selectable={(n) => n.level === 'building' || n.level === 'unit'}
                    canDrill={(n) => n.level === 'building'}
                    value={node}
                    onChange={(n) => {
                      touched('nodeId');
                      setNode(n);
                    }}
                    rowClass='assign-node-row'
                    emptyText='本网格还没有楼栋'
                  />
                  <FieldError message={assignFields.nodeId} className='field-error-nodeId' />
                  <Toggle
                    className='assign-only-unserved'
                    label='仅分配未包保住户'
                    hint={onlyUnserved ? '已有包保干部的住户保持不变' : '所选范围内的住户全部改由该干部包保'}
                    value={onlyUnserved}
                    onChange={setOnlyUnserved}
                  />
                  {cadre && node && (
                    <Text className='hint assign-summary'>
                      把{node.name}（{LEVEL_LABEL[node.level]}）{onlyUnserved ? '的未包保住户' : '的全部住户'}分配给 {cadre.name}
                    </Text>
                  )}
                  <ErrorBox message={assignError} />
                  {result && (
                    <View className='success-box assign-result'>
                      <Text>{result}</Text>
                    </View>
                  )}
                  <View
                    className={`btn btn-primary assign-btn ${busy || !cadreId || !node ? 'btn--disabled' : ''}`}
                    onClick={() => (node ? void assign({ nodeId: node.id, onlyUnserved }) : cadreId ? refuse('nodeId', '请选择楼栋或单元') : refuse('cadreId', '请先选择包保干部'))}
                  >
                    <Text>{busy ? '正在分配…' : '分配'}</Text>
                  </View>
                </Form>

                <View className='card list-card assign-unserved'>
                  <View className='admin-head assign-unserved__head'>
                    <Text className='form-title'>未包保住户（{overview.unservedCount} 户）</Text>
                    {unserved.length > 0 && (
                      <Text
                        className='link unserved-select-all'
                        onClick={() => setSelected(selected.length === unserved.length ? [] : unserved.map((h) => h.id))}
                      >
                        {selected.length === unserved.length ? '取消全选' : '全选'}
                      </Text>
                    )}
                  </View>
                  {unserved.length === 0 && <Text className='muted text-green'>所有住户都已有包保干部</Text>}
                  {unserved.length < overview.unservedCount && (
                    <Text className='hint'>仅列出前 {unserved.length} 户，分配后会显示其余住户。</Text>
                  )}
                  {unserved.map((h) => {
                    const on = selected.includes(h.id);
                    return (
                      <View key={h.id} className={`row unserved-row ${on ? 'row--on' : ''}`} data-id={h.id} aria-selected={on} onClick={() => toggleHousehold(h.id)}>
                        <Text className={`assign-check ${on ? 'assign-check--on' : ''}`}>{on ? '✓' : ''}</Text>
                        <View className='row__main'>
                          <Text className='row__title'>{h.label || h.room}</Text>
                          <Text className='row__sub'>
                            {h.members} 人{h.tags.length ? ` · ${h.tags.join('、')}` : ''}
                          </Text>
                        </View>
                      </View>
                    );
                  })}
                  {unserved.length > 0 && (
                    <View
                      className={`btn btn-primary assign-selected-btn ${busy || !selected.length || !cadreId ? 'btn--disabled' : ''}`}
                      onClick={() => (selected.length ? void assign({ householdIds: selected }) : refuse('householdIds', '请先勾选住户'))}
                    >
                      <Text>{cadre ? `将选中的 ${selected.length} 户分配给 ${cadre.name}` : `分配选中的 ${selected.length} 户（先选干部）`}</Text>
                    </View>
                  )}
                </View>
              </>
            )}
          </View>
        )
      }
    </AdminGate>
  );
}

export default observer(AssignPage);
