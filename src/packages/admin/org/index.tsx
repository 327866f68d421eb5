import { useRef, useState } from 'react';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { View, Text, Input } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import type { HouseholdView, NodeView, OrgChildren } from '../../../core/api/adminContract';
import { HouseholdSaveInput, OrgSaveInput } from '../../../core/adminSchemas';
import { parse } from '../../../core/schemas';
import { householdCode } from '../../../core/rooms';
import { SENSITIVE_TAGS } from '../../../core/privacy';
import { call } from '../../../services/api';
import ErrorBox from '../../../components/ErrorBox';
import Chips from '../../../components/Chips';
import { errorText, fieldError, readParam } from '../../../components/lib';
import AdminGate, { whenAdmin } from '../components/AdminGate';
import Field from '../components/Field';
import { refusal, staleErrorClearer } from '../components/forms';
import MultiChips from '../components/MultiChips';
import { CHILD_LEVEL, GRID_TYPE_LABEL, GRID_TYPE_OPTIONS, LEVEL_LABEL, TAG_OPTIONS, type GridTypeValue } from '../components/labels';
import '../components/admin.css';
import './index.css';

type Tag = (typeof TAG_OPTIONS)[number]['value'];

function OrgPage() {
  const startId = readParam(useRouter().params.id);
  const [parentId, setParentId] = useState(startId);
  const [data, setData] = useState<OrgChildren | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const seq = useRef(0);

  // Node form: add a child, or rename one (editing set).
  const [editing, setEditing] = useState<NodeView | null>(null);
  const [nodeId, setNodeId] = useState('');
  const [nodeName, setNodeName] = useState('');
  const [gridType, setGridType] = useState<GridTypeValue | ''>('');
  const [nodeFields, setNodeFields] = useState<Record<string, string>>({});
  const [nodeError, setNodeError] = useState('');
  const [saving, setSaving] = useState(false);

  // Household form (when the parent is a unit).
  const [hhEditing, setHhEditing] = useState<HouseholdView | null>(null);
  const [hhId, setHhId] = useState('');
  const [hhRoom, setHhRoom] = useState('');
  const [hhMembers, setHhMembers] = useState('1');
  const [hhTags, setHhTags] = useState<Tag[]>([]);
  // 敏感标签的同意记录 (PIPL Art. 29): who consented, when, for what; required when one is added.
  const [hhConsent, setHhConsent] = useState({ by: '', at: '', purpose: '' });
  const [hhFields, setHhFields] = useState<Record<string, string>>({});
  const [hhError, setHhError] = useState('');

  function resetForms(pid: string) {
    setEditing(null);
    setNodeId(pid ? `${pid}-` : '');
    setNodeName('');
    setGridType('');
    setNodeFields({});
    setNodeError('');
    setHhEditing(null);
    setHhId(pid ? `${pid}-` : '');
    setHhRoom('');
    setHhMembers('1');
    setHhTags([]);
    setHhConsent({ by: '', at: '', purpose: '' });
    setHhFields({});
    setHhError('');
  }

  async function load(pid: string, keepForms = false) {
    const mine = ++seq.current;
    setLoading(true);
    setError('');
    try {
      const res = await call('admin.org.children', pid ? { parentId: pid } : {});
      if (mine !== seq.current) return;
      setData(res);
      setParentId(pid);
      if (!keepForms) resetForms(pid);
    } catch (e) {
      if (mine === seq.current) setError(errorText(e));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }

  useLoad(() => {
    // Without an id the page starts at the admin's scope roots (their own community or street).
    void whenAdmin(() => load(startId));
  });

  function go(pid: string) {
    if (loading) return;
    setNotice('');
    void load(pid);
  }

  const parent = data?.parent ?? null;
  const childLevel = parent ? CHILD_LEVEL[parent.level] : undefined;
  const isUnit = parent?.level === 'unit';
  const formLevel = editing ? editing.level : childLevel;
  const showGridType = formLevel === 'grid';

  function startEdit(n: NodeView, e: { stopPropagation: () => void }) {
    e.stopPropagation();
    setEditing(n);
    setNodeId(n.id);
    setNodeName(n.name);
    setGridType(n.gridType ?? '');
    setNodeFields({});
    setNodeError('');
    setNotice('');
  }

  async function saveNode() {
    if (saving || !parent) return;
    setNotice('');
    const level = editing ? editing.level : childLevel;
    const input = {
      // 'add' never overwrites an existing code; only the 改名 form edits (issue 10, item 12).
      mode: editing ? 'edit' : 'add',
      id: nodeId,
      parentId: editing?.parentId ?? parent.id,
      level,
      name: nodeName,
      ...(level === 'grid' && gridType ? { gridType } : {}),
    };
    const checked = parse(OrgSaveInput, input);
    if (!checked.ok) {
      setNodeFields(checked.fields);
      setNodeError(checked.message);
      return;
    }
    if (level === 'grid' && !gridType) {
      setNodeFields({ gridType: '请选择网格类型' });
      setNodeError('请选择网格类型');
      return;
    }
    setSaving(true);
    setNodeError('');
    setNodeFields({});
    try {
      const saved = await call('admin.org.save', checked.value);
      setNotice(editing ? `已保存「${saved.name}」` : `已添加${LEVEL_LABEL[saved.level]}「${saved.name}」`);
      await load(parent.id);
    } catch (e) {
      const r = refusal(e);
      setNodeError(r.message);
      setNodeFields(r.fields);
    } finally {
      setSaving(false);
    }
  }

  async function remove(n: NodeView, e: { stopPropagation: () => void }) {
    e.stopPropagation();
    if (saving) return;
    const r = await Taro.showModal({
      title: `删除${LEVEL_LABEL[n.level]}`,
      content: `确定删除「${n.name}」（${n.id}）吗？还有下级或住户的不能删除。`,
      confirmText: '删除',
      confirmColor: '#c8161d',
    });
    if (!r.confirm) return;
    setSaving(true);
    setError('');
    setNotice('');
    try {
      await call('admin.org.remove', { id: n.id });
      setNotice(`已删除「${n.name}」`);
      await load(parentId, true);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setSaving(false);
    }
  }

  function editHousehold(h: HouseholdView) {
    setHhEditing(h);
    setHhId(h.id);
    setHhRoom(h.room);
    setHhMembers(String(h.members));
    setHhTags(h.tags.filter((t): t is Tag => TAG_OPTIONS.some((o) => o.value === t)));
    setHhConsent({ by: '', at: '', purpose: '' });
    setHhFields({});
    setHhError('');
    setNotice('');
  }

  /** While the id is still the prefix or the one made from the room, typing the room fills it in normal form (101 → …-0101). */
  function changeRoom(room: string) {
    if (!hhEditing && parent && (hhId === `${parent.id}-` || hhId === householdCode(parent.id, hhRoom))) setHhId(room.trim() ? householdCode(parent.id, room) : `${parent.id}-`);
    setHhRoom(room);
  }

  /** Finishes a rename whose household labels were not all updated (the call was cut off). */
  async function finishRelabel(n: NodeView, e: { stopPropagation: () => void }) {
    e.stopPropagation();
    if (saving || !parent) return;
    setSaving(true);
    setError('');
    try {
      await call('admin.org.save', { mode: 'edit', id: n.id, parentId: parent.id, level: n.level as 'building' | 'unit', name: n.name });
      setNotice(`「${n.name}」的住户地址已全部更新`);
      await load(parent.id, true);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setSaving(false);
    }
  }

  async function saveHousehold() {
    if (saving || !parent) return;
    setNotice('');
    const members = hhMembers.trim() === '' ? undefined : Number(hhMembers.trim());
    const consentTyped = !!(hhConsent.by.trim() || hhConsent.purpose.trim());
    const consent = consentTyped ? { ...hhConsent, at: hhConsent.at || new Date().toISOString().slice(0, 10) } : undefined;
    const checked = parse(HouseholdSaveInput, { mode: hhEditing ? 'edit' : 'add', id: hhId, unitId: parent.id, room: hhRoom, members, tags: hhTags, consent });
    if (!checked.ok) {
      setHhFields(checked.fields);
      setHhError(checked.message);
      return;
    }
    setSaving(true);
    setHhError('');
    setHhFields({});
    try {
      const saved = await call('admin.household.save', checked.value);
      setNotice(hhEditing ? `已保存住户 ${saved.label || saved.room}` : `已添加住户 ${saved.label || saved.room}`);
      await load(parent.id);
    } catch (e) {
      const r = refusal(e);
      setHhError(r.message);
      setHhFields(r.fields);
    } finally {
      setSaving(false);
    }
  }

  const touchNode = staleErrorClearer(nodeFields, setNodeFields, nodeError, setNodeError);
  const touchHh = staleErrorClearer(hhFields, setHhFields, hhError, setHhError);
  const trail = data?.trail ?? [];
  const children = data?.children ?? [];
  const households = data?.households ?? [];
  const upId = trail.length > 1 ? trail[trail.length - 2].id : '';
  const canGoUp = !!parent;

  return (
    <AdminGate>
      {() => (
        <View className='page admin-org'>
          <View className='breadcrumb admin-breadcrumb org-trail'>
            <Text className={`breadcrumb__item ${parent ? '' : 'breadcrumb__current'}`} data-id='' onClick={() => parent && go('')}>
              管理范围
            </Text>
            {trail.map((t, i) => (
              <Text
                key={t.id}
                className={`breadcrumb__item ${i === trail.length - 1 ? 'breadcrumb__current' : ''}`}
                data-id={t.id}
                onClick={() => i < trail.length - 1 && go(t.id)}
              >
                {' › '}
                {t.name}
              </Text>
            ))}
          </View>

          {parent && (
            <View className='card org-parent'>
              <View className='admin-head'>
                <View>
                  <Text className='admin-head__title'>{parent.name}</Text>
                  <Text className='admin-head__meta'>
                    {LEVEL_LABEL[parent.level]}
                    {parent.gridType ? ` · ${GRID_TYPE_LABEL[parent.gridType]}网格` : ''} · 编号 {parent.id}
                    {parent.leaderName ? ` · 负责人 ${parent.leaderName}` : ''}
                  </Text>
                </View>
              </View>
              {parent.level === 'grid' && (
                <View className='admin-actions'>
                  <Text
                    className='btn-sm btn-sm--ghost org-go-assign'
                    onClick={() => Taro.navigateTo({ url: `/packages/admin/assign/index?gridId=${encodeURIComponent(parent.id)}` })}
                  >
                    包保分配
                  </Text>
                  <Text
                    className='btn-sm btn-sm--ghost org-go-people'
                    onClick={() => Taro.navigateTo({ url: `/packages/admin/people/index?nodeId=${encodeURIComponent(parent.id)}` })}
                  >
                    本网格人员
                  </Text>
                  <Text
                    className='btn-sm btn-sm--ghost org-go-cards'
                    onClick={() => Taro.navigateTo({ url: `/packages/admin/cards/index?gridId=${encodeURIComponent(parent.id)}` })}
                  >
                    打印联系卡
                  </Text>
                </View>
              )}
            </View>
          )}

          {notice && (
            <View className='success-box org-notice'>
              <Text>{notice}</Text>
            </View>
          )}
          <ErrorBox message={error} />

          {loading && !data ? (
            <Text className='loading'>加载中…</Text>
          ) : (
            <>
              {!isUnit && (
                <View className='card list-card org-list'>
                  {children.length === 0 && data && (
                    <Text className='muted org-empty'>{childLevel ? `还没有${LEVEL_LABEL[childLevel]}，可在下方添加` : '没有下级'}</Text>
                  )}
                  {children.map((n) => (
                    <View key={n.id} className='row org-row' data-id={n.id} data-level={n.level} onClick={() => go(n.id)}>
                      <View className='row__main'>
                        <Text className='row__title'>{n.name}</Text>
                        <View>
                          <Text className='badge badge--red'>{LEVEL_LABEL[n.level]}</Text>
                          {n.gridType && <Text className='badge badge--blue'>{GRID_TYPE_LABEL[n.gridType]}</Text>}
                          <Text className='row__inline'>{n.id}</Text>
                        </View>
                        {n.relabelPending && (
                          <View className='org-relabel-pending'>
                            <Text className='text-orange'>改名后住户地址尚未全部更新</Text>
                            <Text className='btn-sm btn-sm--ghost org-relabel-btn' onClick={(e) => void finishRelabel(n, e)}>
                              继续更新
                            </Text>
                          </View>
                        )}
                        {n.leaderName && (
                          <Text className='row__sub'>
                            {n.level === 'grid' ? '网格长' : n.level === 'building' ? '楼长' : n.level === 'unit' ? '单元长' : '负责人'}：{n.leaderName}
                          </Text>
                        )}
                      </View>
                      <View className='row__side'>
                        {/* Scope roots are managed by the level above. */}
                        {parent && (
                          <>
                            <Text className='btn-sm org-edit-btn' onClick={(e) => startEdit(n, e)}>
                              改名
                            </Text>
                            <Text className='btn-sm btn-sm--danger org-remove-btn' onClick={(e) => void remove(n, e)}>
                              删除
                            </Text>
                          </>
                        )}
                        <Text className='row__arrow'>›</Text>
                      </View>
                    </View>
                  ))}
                </View>
              )}

              {isUnit && (
                <View className='card list-card household-list'>
                  <Text className='form-title household-list__title'>住户（{households.length} 户）</Text>
                  {households.length === 0 && <Text className='muted'>这个单元还没有住户，可在下方添加</Text>}
                  {households.map((h) => (
                    <View
                      key={h.id}
                      className={`row household-row ${hhEditing?.id === h.id ? 'row--on' : ''}`}
                      data-id={h.id}
                      onClick={() => editHousehold(h)}
                    >
                      <View className='row__main'>
                        <Text className='row__title'>
                          {h.room} 室<Text className='household-row__members'> · {h.members} 人</Text>
                        </Text>
                        {h.tags.length > 0 && (
                          <View>
                            {h.tags.map((t) => (
                              <Text key={t} className='badge badge--orange'>
                                {t}
                              </Text>
                            ))}
                          </View>
                        )}
                        <Text className={`row__sub household-row__cadre ${h.cadreId ? '' : 'text-orange household-unserved'}`}>
                          {h.cadreId ? `包保干部：${h.cadreName ?? h.cadreId}` : '未包保'}
                        </Text>
                      </View>
                      <Text className='link'>编辑</Text>
                    </View>
                  ))}
                </View>
              )}

              {/* Add (or rename) an org node. */}
              {parent && !isUnit && (childLevel || editing) && (
                <View className='card org-form'>
                  <Text className='form-title'>
                    {editing ? `修改${LEVEL_LABEL[editing.level]}「${editing.name}」` : `添加${childLevel ? LEVEL_LABEL[childLevel] : ''}`}
                  </Text>
                  <Field label='编号（统一编号，保存后不能修改）' error={fieldError(nodeFields, 'id')} name='id'>
                    <Input
                      className={`input org-add-id ${editing ? 'input--readonly' : ''}`}
                      value={nodeId}
                      disabled={!!editing}
                      maxlength={48}
                      placeholder={`${parent.id}-01`}
                      onInput={(e) => { touchNode('id'); setNodeId(e.detail.value); }}
                    />
                  </Field>
                  <Field label='名称' error={fieldError(nodeFields, 'name')} name='name'>
                    <Input
                      className='input org-add-name'
                      value={nodeName}
                      maxlength={40}
                      placeholder={formLevel === 'grid' ? '如：第一网格' : formLevel === 'building' ? '如：3栋' : formLevel === 'unit' ? '如：2单元' : '名称'}
                      onInput={(e) => { touchNode('name'); setNodeName(e.detail.value); }}
                    />
                  </Field>
                  {showGridType && (
                    <Field label='网格类型' error={fieldError(nodeFields, 'gridType')} name='gridType'>
                      <Chips options={GRID_TYPE_OPTIONS} value={gridType} onChange={(t) => { touchNode('gridType'); setGridType(t); }} chipClass='org-gridtype-chip' />
                    </Field>
                  )}
                  <ErrorBox message={nodeError} />
                  <View className={`btn btn-primary org-add-btn ${saving ? 'btn--disabled' : ''}`} onClick={() => void saveNode()}>
                    <Text>{saving ? '正在保存…' : editing ? '保存修改' : '添加'}</Text>
                  </View>
                  {editing && (
                    <View className='btn btn-plain org-cancel-btn' onClick={() => resetForms(parent.id)}>
                      <Text>取消修改</Text>
                    </View>
                  )}
                </View>
              )}

              {parent && isUnit && (
                <View className='card household-form'>
                  <Text className='form-title'>{hhEditing ? `修改住户 ${hhEditing.room}` : '添加住户'}</Text>
                  <Field label='住户编号' error={fieldError(hhFields, 'id')} name='household-id'>
                    <Input
                      className={`input household-add-id ${hhEditing ? 'input--readonly' : ''}`}
                      value={hhId}
                      disabled={!!hhEditing}
                      maxlength={48}
                      placeholder={householdCode(parent.id, '101')}
                      onInput={(e) => { touchHh('id'); setHhId(e.detail.value); }}
                    />
                  </Field>
                  <Field label='房号' error={fieldError(hhFields, 'room')} name='room'>
                    <Input
                      className='input household-add-room'
                      value={hhRoom}
                      maxlength={10}
                      placeholder='如：101'
                      onInput={(e) => { touchHh('room', 'id'); changeRoom(e.detail.value); }}
                    />
                  </Field>
                  <Field label='人数' error={fieldError(hhFields, 'members')} name='members'>
                    <Input
                      className='input household-add-members'
                      type='number'
                      value={hhMembers}
                      maxlength={2}
                      onInput={(e) => { touchHh('members'); setHhMembers(e.detail.value); }}
                    />
                  </Field>
                  <Field label='标签（可多选）' error={fieldError(hhFields, 'tags')} name='tags'>
                    <MultiChips options={TAG_OPTIONS} value={hhTags} onChange={setHhTags} chipClass='household-tag-chip' />
                  </Field>
                  {hhTags.some((t) => (SENSITIVE_TAGS as readonly string[]).includes(t)) && (
                    <View className='household-consent'>
                      <Text className='hint'>
                        {hhEditing?.tagConsent
                          ? `已记录同意：${hhEditing.tagConsent.by}（${hhEditing.tagConsent.at}），用途：${hhEditing.tagConsent.purpose}。新增敏感标签时须重新填写。`
                          : '低保、残疾、特困、独居老人、留守儿童等属于敏感个人信息，须取得本人（或监护人）同意并记录。'}
                      </Text>
                      <Field label='同意人（本人或监护人）' error={fieldError(hhFields, 'consent.by')} name='consent.by'>
                        <Input className='input household-consent-by' value={hhConsent.by} maxlength={20} onInput={(e) => { touchHh('consent.by'); setHhConsent({ ...hhConsent, by: e.detail.value }); }} />
                      </Field>
                      <Field label='同意日期（不填为今天）' error={fieldError(hhFields, 'consent.at')} name='consent.at'>
                        <Input className='input household-consent-at' value={hhConsent.at} placeholder='2026-01-31' maxlength={10} onInput={(e) => { touchHh('consent.at'); setHhConsent({ ...hhConsent, at: e.detail.value }); }} />
                      </Field>
                      <Field label='用途' error={fieldError(hhFields, 'consent.purpose')} name='consent.purpose'>
                        <Input className='input household-consent-purpose' value={hhConsent.purpose} placeholder='如：关怀走访、精准帮扶' maxlength={100} onInput={(e) => { touchHh('consent.purpose'); setHhConsent({ ...hhConsent, purpose: e.detail.value }); }} />
                      </Field>
                    </View>
                  )}
                  <ErrorBox message={hhError} />
                  <View className={`btn btn-primary household-add-btn ${saving ? 'btn--disabled' : ''}`} onClick={() => void saveHousehold()}>
                    <Text>{saving ? '正在保存…' : hhEditing ? '保存住户' : '添加住户'}</Text>
                  </View>
                  {hhEditing && (
                    <View className='btn btn-plain household-cancel-btn' onClick={() => resetForms(parent.id)}>
                      <Text>取消修改</Text>
                    </View>
                  )}
                  <Text className='hint household-code-hint'>住户编号由房号生成：房号 101 → {householdCode(parent.id, '101')}；同一房号只能登记一户。包保干部在“包保分配”中设置。</Text>
                </View>
              )}

              {canGoUp && (
                <View className='btn btn-plain org-up-btn' onClick={() => go(upId)}>
                  <Text>返回上一级</Text>
                </View>
              )}
            </>
          )}
        </View>
      )}
    </AdminGate>
  );
}

export default observer(OrgPage);
