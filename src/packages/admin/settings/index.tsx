import { useState } from 'react';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { View, Text, Input } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import * as v from 'valibot';
import type { PersonView, SettingsView } from '../../../core/api/adminContract';
import { CATEGORIES, CLASS_LABEL, LEVEL_LABEL, WHISTLE_LABEL, type Category } from '../../../core/labels';
import { CalendarDay, ITEM_CLASSES, LIMITS, SettingsInput, WHISTLE_TYPES } from '../../../core/settings';
import { parse } from '../../../core/schemas';
import { call } from '../../../services/api';
import ErrorBox from '../../../components/ErrorBox';
import { Button, ChipPicker, Field, Form, NumberInput, Switch } from '../../../components/Form';
import { ASSESSMENT_METRICS, ASSESSMENT_PERIOD_KINDS, ASSESSMENT_PERIOD_LABEL, METRIC_LABEL } from '../../../core/engage/assessment';
import { errorText, fmtTime, readParam } from '../../../components/lib';
import { useLatestLoad } from '../../../components/useLatestLoad';
import { useSubmit } from '../../../components/useSubmit';
import AdminGate, { whenAdmin } from '../components/AdminGate';
import { type Draft, draftOf, inputOf } from './draft';
import '../components/admin.css';
import './index.css';
import { FieldError } from '../../../components/Form';

type DayList = 'holidays' | 'workdays';
const DAY_LIST_LABEL: Record<DayList, string> = { holidays: '补充节假日（放假）', workdays: '补充调休上班日' };

function SettingsPage() {
  const nodeId = readParam(useRouter().params.nodeId);
  const [view, setView] = useState<SettingsView | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [names, setNames] = useState<Record<string, string>>({});
  const { loading, error, run } = useLatestLoad();
  const form = useSubmit();
  const [notice, setNotice] = useState('');

  // 第一经办人 chooser: the node being set, its search box and candidates.
  const [picking, setPicking] = useState('');
  const [q, setQ] = useState('');
  const [candidates, setCandidates] = useState<PersonView[]>([]);
  const [pickError, setPickError] = useState('');
  // New calendar days being typed.
  const [newDay, setNewDay] = useState<Record<DayList, string>>({ holidays: '', workdays: '' });
  const [dayError, setDayError] = useState<Record<DayList, string>>({ holidays: '', workdays: '' });

  function show(res: SettingsView) {
    setView(res);
    setDraft(draftOf(res.settings));
    setNames(res.handlerNames);
  }

  const load = () => run(() => call('settings.get', nodeId ? { nodeId } : {}), show);

  useLoad(() => {
    void whenAdmin(load);
  });

  if (!view || !draft) {
    return (
      <AdminGate>
        {() => (
          <View className='page settings-page'>
            <ErrorBox message={error} />
            {loading || !error ? <Text className='loading'>加载中…</Text> : <Button kind='plain' onClick={() => void load()}>重试</Button>}
          </View>
        )}
      </AdminGate>
    );
  }

  const ro = !view.editable;
  const patch = (p: Partial<Draft>) => {
    setNotice('');
    setDraft({ ...draft, ...p });
  };
  const deptName = (id: string) => view.departments.find((d) => d.id === id)?.name ?? id;
  const usedCategories = new Set(draft.categoryRules.map((r) => r.category));

  async function save() {
    if (!view || !draft) return;
    setNotice('');
    const input = inputOf(draft, view.streetId, view.version);
    const res = await form.submit(SettingsInput, input, (value) => call('settings.save', value));
    if (!res) {
      // A long page: a field the check marked may be screens above the button. Bring it into view
      // (a server's refusal shows by the button, where the person already is).
      if (!parse(SettingsInput, input).ok) {
        setTimeout(() => void Taro.pageScrollTo({ selector: '.settings-page .form-field--error', offsetTop: -120, duration: 200 }).catch(() => {}), 50);
      }
      return;
    }
    show(res);
    setNotice('已保存。新的时限从此后计算的期限起生效。');
  }

  async function searchPeople(node: string, text: string) {
    setPickError('');
    try {
      const res = await call('admin.people.list', { nodeId: node, ...(text.trim() ? { q: text.trim() } : {}) });
      setCandidates(res.people);
      if (!res.people.length) setPickError(text.trim() ? '没有找到这个名字的人员' : '该组织下还没有人员');
    } catch (e) {
      setCandidates([]);
      setPickError(errorText(e));
    }
  }

  function openPicker(node: string) {
    setPicking(node);
    setQ('');
    setCandidates([]);
    void searchPeople(node, '');
  }

  function choose(node: string, p: { id: string; name: string }) {
    form.setFields(Object.fromEntries(Object.entries(form.fields).filter(([k]) => k !== `firstHandlers.${node}`)));
    patch({ firstHandlers: { ...draft!.firstHandlers, [node]: p.id } });
    setNames({ ...names, [p.id]: p.name });
    setPicking('');
  }

  function clearHandler(node: string) {
    const next = { ...draft!.firstHandlers };
    delete next[node];
    form.setFields(Object.fromEntries(Object.entries(form.fields).filter(([k]) => k !== `firstHandlers.${node}`)));
    patch({ firstHandlers: next });
  }

  function addDay(list: DayList) {
    const r = v.safeParse(CalendarDay, newDay[list]);
    if (!r.success) return setDayError({ ...dayError, [list]: r.issues[0].message });
    const other: DayList = list === 'holidays' ? 'workdays' : 'holidays';
    if (draft![other].includes(r.output)) {
      return setDayError({ ...dayError, [list]: `${r.output} 已在「${DAY_LIST_LABEL[other]}」中，同一天不能两边都填` });
    }
    if (draft![list].includes(r.output)) return setDayError({ ...dayError, [list]: `${r.output} 已经添加过了` });
    if (draft![list].length >= LIMITS.calendarDays) return setDayError({ ...dayError, [list]: `最多 ${LIMITS.calendarDays} 天` });
    form.setFields(Object.fromEntries(Object.entries(form.fields).filter(([k]) => k !== list && !k.startsWith(`${list}.`) && k !== other)));
    patch({ [list]: [...draft![list], r.output].sort() });
    setNewDay({ ...newDay, [list]: '' });
  }

  return (
    <AdminGate>
      {() => (
        <View className='page settings-page'>
          <View className='card settings-head'>
            <Text className='admin-head__title'>{view.streetName} · 街道设置</Text>
            <Text className='admin-head__meta'>
              街道下各社区、网格共用这些设置
              {view.version > 0 ? ` · 第 ${view.version} 版` : ' · 尚未修改，显示默认值'}
            </Text>
            {view.settings.updatedAt && (
              <Text className='admin-head__meta settings-updated'>
                {view.updatedByName ?? '管理员'} 于 {fmtTime(view.settings.updatedAt, 'YYYY-MM-DD HH:mm')} 修改
              </Text>
            )}
            {ro && (
              <Text className='hint settings-readonly'>街道设置由街道管理员修改，您可以查看但不能修改。</Text>
            )}
          </View>

          <Form errors={form.fields} setErrors={form.setFields} headline={form.error} setHeadline={form.setError}>
            <View className='card'>
              <Text className='section-title'>事项时限</Text>
              <Text className='hint'>按事项分类设定：核单响应时限（工作时间，小时）与办结时限（工作日）。节假日和周末不计时，调休上班日计时。</Text>
              {ITEM_CLASSES.map((c) => (
                <View key={c} className={`settings-class settings-class-${c}`}>
                  <Text className='settings-class__name'>{CLASS_LABEL[c]}</Text>
                  <View className='settings-class__inputs'>
                    <NumberInput
                      label='响应'
                      name={`classLimits.${c}.responseHours`}
                      unit='小时'
                      value={draft.classLimits[c].responseHours}
                      disabled={ro}
                      inputClass={`class-response-${c}`}
                      onChange={(s) => patch({ classLimits: { ...draft.classLimits, [c]: { ...draft.classLimits[c], responseHours: s } } })}
                    />
                    <NumberInput
                      label='办结'
                      name={`classLimits.${c}.handleDays`}
                      unit='个工作日'
                      value={draft.classLimits[c].handleDays}
                      disabled={ro}
                      inputClass={`class-days-${c}`}
                      onChange={(s) => patch({ classLimits: { ...draft.classLimits, [c]: { ...draft.classLimits[c], handleDays: s } } })}
                    />
                  </View>
                </View>
              ))}
            </View>

            <View className='card'>
              <Text className='section-title'>吹哨报到时限</Text>
              <Text className='hint'>街道吹哨后，职能部门须在时限内报到，按实际分钟计（含周末）。</Text>
              {WHISTLE_TYPES.map((w) => (
                <NumberInput
                  key={w}
                  label={WHISTLE_LABEL[w]}
                  name={`whistleLimits.${w}`}
                  unit='分钟'
                  value={draft.whistleLimits[w]}
                  disabled={ro}
                  inputClass={`whistle-${w}`}
                  onChange={(s) => patch({ whistleLimits: { ...draft.whistleLimits, [w]: s } })}
                />
              ))}
              <Switch
                label='社区可以吹哨'
                hint='开启后，社区也能直接吹哨召集职能部门'
                name='communityMayWhistle'
                value={draft.communityMayWhistle}
                disabled={ro}
                className='settings-community-whistle'
                onChange={(on) => patch({ communityMayWhistle: on })}
              />
            </View>

            <View className='card'>
              <Text className='section-title'>分类派单规则</Text>
              <Text className='hint'>某类事项直接派给职能部门，例如「物业服务」派给物业公司，并可按 5321 时限（5 分钟响应、30 分钟一般问题、2 小时较大问题、1 天复杂问题）办理。</Text>
              {view.departments.length === 0 && <Text className='hint text-orange'>本街道还没有登记职能部门，请先到「职能部门」添加。</Text>}
              <Field name='categoryRules'>
                {draft.categoryRules.map((r, i) => (
                  <View key={r.category} className='settings-rule' data-category={r.category}>
                    <View className='settings-rule__head'>
                      <Text className='settings-rule__category'>{r.category}</Text>
                      {!ro && (
                        <Button
                          size='small'
                          kind='danger'
                          className='rule-remove-btn'
                          onClick={() => {
                            form.setFields(Object.fromEntries(Object.entries(form.fields).filter(([k]) => !k.startsWith('categoryRules'))));
                            patch({ categoryRules: draft.categoryRules.filter((_, j) => j !== i) });
                          }}
                        >
                          删除
                        </Button>
                      )}
                    </View>
                    {ro ? (
                      <Text className='row__sub'>派给 {deptName(r.departmentId)}{r.clock === '5321' ? ' · 5321 时限' : ''}</Text>
                    ) : (
                      <>
                        <ChipPicker
                          label='派给'
                          name={`categoryRules.${i}.departmentId`}
                          options={view.departments.map((d) => ({ value: d.id, label: d.name }))}
                          value={r.departmentId}
                          chipClass='rule-dept-chip'
                          onChange={(id) => patch({ categoryRules: draft.categoryRules.map((x, j) => (j === i ? { ...x, departmentId: id } : x)) })}
                        />
                        <Switch
                          label='按 5321 时限办理'
                          name={`categoryRules.${i}.clock`}
                          value={r.clock === '5321'}
                          className='rule-5321'
                          onChange={(on) =>
                            patch({ categoryRules: draft.categoryRules.map((x, j) => (j === i ? { category: x.category, departmentId: x.departmentId, ...(on ? { clock: '5321' as const } : {}) } : x)) })
                          }
                        />
                      </>
                    )}
                  </View>
                ))}
              </Field>
              {draft.categoryRules.length === 0 && <Text className='hint'>暂无规则，事项按网格 → 社区 → 街道逐级流转。</Text>}
              {!ro && usedCategories.size < CATEGORIES.length && (
                <ChipPicker
                  label='添加规则：选择事项分类'
                  options={CATEGORIES.filter((c) => !usedCategories.has(c)).map((c) => ({ value: c, label: c }))}
                  value=''
                  chipClass='rule-add-chip'
                  onChange={(c: Category) => patch({ categoryRules: [...draft.categoryRules, { category: c, departmentId: '' }] })}
                />
              )}
            </View>

            <View className='card'>
              <Text className='section-title'>第一经办人</Text>
              <Text className='hint'>事项到达某一级待办时，首先通知这里指定的人。须是该组织或其下级的人员。</Text>
              <View className='settings-handlers'>
                {view.nodes.map((n) => {
                  const pid = draft.firstHandlers[n.id];
                  return (
                    <View key={n.id} className={`settings-handler settings-handler--${n.level}`} data-id={n.id}>
                      <Field name={`firstHandlers.${n.id}`}>
                        <View className='settings-handler__row'>
                          <View className='row__main'>
                            <Text className='settings-handler__node'>
                              {n.name}
                              <Text className='badge'>{LEVEL_LABEL[n.level]}</Text>
                            </Text>
                            <Text className={`row__sub settings-handler__person ${pid ? '' : 'text-orange'}`}>{pid ? `第一经办人：${names[pid] ?? pid}` : '未设置'}</Text>
                          </View>
                          {!ro && (
                            <View className='row__side'>
                              <Button size='small' kind='ghost' className='handler-set-btn' onClick={() => (picking === n.id ? setPicking('') : openPicker(n.id))}>
                                {picking === n.id ? '收起' : pid ? '更换' : '设置'}
                              </Button>
                              {pid && (
                                <Button size='small' kind='plain' className='handler-clear-btn' onClick={() => clearHandler(n.id)}>
                                  清除
                                </Button>
                              )}
                            </View>
                          )}
                        </View>
                      </Field>
                      {picking === n.id && (
                        <View className='settings-picker'>
                          <View className='input-row'>
                            <Input className='input handler-search' value={q} maxlength={20} placeholder='输入姓名查找' onInput={(e) => setQ(e.detail.value)} />
                            <Button size='small' kind='primary' onClick={() => void searchPeople(n.id, q)}>
                              查找
                            </Button>
                          </View>
                          {n.level === 'street' &&
                            view.streetStaff.map((p) => (
                              <View key={p.id} className='node-row handler-candidate handler-candidate--street' data-id={p.id} onClick={() => choose(n.id, p)}>
                                <View className='node-row__main'>
                                  <Text className='node-row__name'>{p.name}</Text>
                                  <Text className='node-row__meta'>
                                    {p.title} · {p.roleLabels.join('、')}
                                  </Text>
                                </View>
                              </View>
                            ))}
                          <ErrorBox message={n.level === 'street' && view.streetStaff.length && !candidates.length ? '' : pickError} />
                          {candidates.filter((p) => !view.streetStaff.some((x) => x.id === p.id)).map((p) => (
                            <View key={p.id} className='node-row handler-candidate' data-id={p.id} onClick={() => choose(n.id, p)}>
                              <View className='node-row__main'>
                                <Text className='node-row__name'>{p.name}</Text>
                                <Text className='node-row__meta'>
                                  {p.title} · {p.roleLabels.join('、')}
                                </Text>
                              </View>
                            </View>
                          ))}
                        </View>
                      )}
                    </View>
                  );
                })}
              </View>
            </View>

            <View className='card'>
              <Text className='section-title'>提醒与升级</Text>
              <NumberInput
                label='到期前提醒'
                hint='在期限前这么多工作小时提醒当前经办人'
                name='reminderLeadHours'
                unit='小时'
                value={draft.reminderLeadHours}
                disabled={ro}
                inputClass='reminder-lead'
                onChange={(s) => patch({ reminderLeadHours: s })}
              />
              <Switch
                label='逾期自动上报'
                hint='逾期未办结的事项由系统上报到上一级（网格 → 社区 → 街道）'
                name='escalateOverdue'
                value={draft.escalateOverdue}
                disabled={ro}
                className='settings-escalate'
                onChange={(on) => patch({ escalateOverdue: on })}
              />
            </View>

            <View className='card settings-assessment'>
              <Text className='section-title'>五考权重与民主测评</Text>
              <Text className='hint'>考核得分 = 各项指标按权重加权平均；某项没有数据时不计入，其余按权重折算。权重为 0–100 的整数。</Text>
              {ASSESSMENT_METRICS.map((m) => (
                <NumberInput
                  key={m}
                  label={`${METRIC_LABEL[m]}权重`}
                  name={`assessment.weights.${m}`}
                  value={draft.assessment.weights[m]}
                  disabled={ro}
                  maxlength={3}
                  inputClass={`assessment-weight-${m}`}
                  onChange={(s) => patch({ assessment: { ...draft.assessment, weights: { ...draft.assessment.weights, [m]: s } } })}
                />
              ))}
              <ChipPicker
                label='居民民主测评周期'
                hint='每位居民每个周期可为本户包保干部测评一次'
                name='assessment.ratingPeriod'
                options={ASSESSMENT_PERIOD_KINDS.map((k) => ({ value: k, label: ASSESSMENT_PERIOD_LABEL[k] }))}
                value={draft.assessment.ratingPeriod}
                disabled={ro}
                chipClass='assessment-period-chip'
                onChange={(k) => patch({ assessment: { ...draft.assessment, ratingPeriod: k } })}
              />
            </View>

            <View className='card settings-abuse'>
              <Text className='section-title'>防刷限制</Text>
              <Text className='hint'>防止有人用脚本大量提交诉求或猜测联系卡编号。正常使用达不到这些上限；达到后会提示对方稍后再试。</Text>
              {(
                [
                  ['submitsPerDay', '每位居民每天提交诉求', '件', '达到后当天不能再提交，并提示直接联系包保干部'],
                  ['onBehalfPerDay', '每位工作人员每天代居民登记', '件', ''],
                  ['cardLookupsPerMinute', '同一网络每分钟查询联系卡', '次', '扫码和选择住户都计入；很多居民共用一个网络时可适当调高'],
                ] as const
              ).map(([k, label, unit, hint]) => (
                <NumberInput
                  key={k}
                  label={label}
                  hint={hint || undefined}
                  name={`abuseLimits.${k}`}
                  unit={unit}
                  value={draft.abuseLimits[k]}
                  disabled={ro}
                  inputClass={`abuse-${k}`}
                  onChange={(s) => patch({ abuseLimits: { ...draft.abuseLimits, [k]: s } })}
                />
              ))}
            </View>

            <View className='card settings-retention'>
              <Text className='section-title'>照片保存期限</Text>
              <Text className='hint'>事项办结（或撤回）后，居民和工作人员上传的照片保存这么多天，到期由系统分批删除，事项本身保留用于统计，并注明“照片已按保存期限删除”。</Text>
              <NumberInput
                label='办结后保存'
                name='photoRetentionDays'
                unit='天'
                value={draft.photoRetentionDays}
                disabled={ro}
                inputClass='retention-days'
                onChange={(s) => patch({ photoRetentionDays: s })}
              />
            </View>

            <View className='card'>
              <Text className='section-title'>节假日日历</Text>
              <Text className='hint'>内置国务院公布的法定节假日和调休（已收录至 {view.calendar.publishedThrough} 年）。这里可以补充新一年的安排或本地的特殊安排。</Text>
              {view.calendar.uncoveredYears.length > 0 && (
                <View className='settings-calendar-warning'>
                  {view.calendar.uncoveredYears.map((y) => {
                    const entered = [...draft.holidays, ...draft.workdays].filter((d) => d.startsWith(`${y}-`)).length;
                    return (
                      <Text key={y} className='settings-calendar-year' data-year={y}>
                        {entered
                          ? `${y} 年的法定节假日尚未内置，已手动补充 ${entered} 天。请对照国务院公布的安排，确认全年的放假日期和调休上班日都已补齐。`
                          : `${y} 年的法定节假日尚未内置。国务院公布后，请在下方补充放假日期和调休上班日，否则这一年只按周末计算工作日。`}
                      </Text>
                    );
                  })}
                </View>
              )}
              {(['holidays', 'workdays'] as const).map((list) => (
                <Field key={list} label={DAY_LIST_LABEL[list]} name={list} className={`settings-days settings-days-${list}`}>
                  <View className='settings-days__list'>
                    {draft[list].length === 0 && <Text className='muted'>暂无</Text>}
                    {draft[list].map((d) => (
                      <View key={d} className={`badge ${list === 'holidays' ? 'badge--red' : 'badge--blue'} settings-day`} data-day={d}>
                        <Text>{d}</Text>
                        {!ro && (
                          <Text
                            className='settings-day__remove'
                            onClick={() => {
                              form.setFields(Object.fromEntries(Object.entries(form.fields).filter(([k]) => k !== list && !k.startsWith(`${list}.`))));
                              patch({ [list]: draft[list].filter((x) => x !== d) });
                            }}
                          >
                            {' ×'}
                          </Text>
                        )}
                      </View>
                    ))}
                  </View>
                  {!ro && (
                    <View className='input-row'>
                      <Input
                        className={`input day-input-${list}`}
                        value={newDay[list]}
                        maxlength={10}
                        placeholder='如 2027-01-01'
                        onInput={(e) => {
                          setDayError({ ...dayError, [list]: '' });
                          setNewDay({ ...newDay, [list]: e.detail.value });
                        }}
                      />
                      <Button size='small' kind='primary' className={`day-add-${list}`} onClick={() => addDay(list)}>
                        添加
                      </Button>
                    </View>
                  )}
                  <FieldError message={dayError[list]} />
                </Field>
              ))}
            </View>
          </Form>

          <ErrorBox message={form.error} />
          {notice && (
            <View className='success-box settings-notice'>
              <Text>{notice}</Text>
            </View>
          )}
          {!ro && (
            <>
              <Button busy={!!form.busy} busyText='正在保存…' className='settings-save-btn' onClick={() => void save()}>
                保存设置
              </Button>
              <Button kind='plain' className='settings-reload-btn' onClick={() => { form.setFields({}); form.setError(''); setNotice(''); void load(); }}>
                放弃修改，重新加载
              </Button>
            </>
          )}
        </View>
      )}
    </AdminGate>
  );
}

export default observer(SettingsPage);
