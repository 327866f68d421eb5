import { useState } from 'react';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { View, Text, Input, Image } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import type * as v from 'valibot';
import type { InviteView, PersonView } from '../../../core/api/adminContract';
import { PersonSaveInput, RoleGrantInput, SetAwayInput, SetBackupInput } from '../../../core/adminSchemas';
import { parse } from '../../../core/schemas';
import { call } from '../../../services/api';
import ErrorBox from '../../../components/ErrorBox';
import Chips from '../../../components/Chips';
import { errorFields, errorText, fieldError, fmtTime, readParam } from '../../../components/lib';
import AdminGate, { whenAdmin } from '../components/AdminGate';
import Field from '../components/Field';
import { staleErrorClearer } from '../components/forms';
import { adminStore, findPerson } from '../components/store';
import {
  INVITE_STATUS_LABEL,
  ROLE_OPTIONS,
  WORKER_TYPE_OPTIONS,
  dateOnly,
  fileUrl,
  isAway,
  openableLink,
  roleLabel,
  type AdminRole,
} from '../components/labels';
import '../components/admin.css';
import './index.css';
import { FieldError } from '../../../components/Form';

type Grant = v.InferInput<typeof RoleGrantInput>;
type Section = 'save' | 'backup' | 'away' | 'invite' | 'card';

const TTL_OPTIONS = [
  { value: '24', label: '24小时' },
  { value: '72', label: '3天' },
  { value: '168', label: '7天' },
];
const INVITE_BADGE: Record<InviteView['status'], string> = { open: 'badge--green', used: 'badge--blue', revoked: 'badge--grey', expired: 'badge--grey' };

function PersonPage() {
  const params = useRouter().params;
  const paramId = readParam(params.id);
  const paramGrid = readParam(params.gridId);

  const [person, setPerson] = useState<PersonView | null>(null);
  const [loading, setLoading] = useState(!!paramId);
  const [loadError, setLoadError] = useState('');

  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [workUnit, setWorkUnit] = useState('');
  const [title, setTitle] = useState('');
  const [reason, setReason] = useState('');
  const [gridId, setGridId] = useState(paramGrid);
  const [roles, setRoles] = useState<Grant[]>([]);
  const [nodeInput, setNodeInput] = useState(paramGrid);
  const [nodeTouched, setNodeTouched] = useState(false);
  const [fields, setFields] = useState<Record<string, string>>({});

  const [busy, setBusy] = useState<Section | 'revoke' | ''>('');
  const [errors, setErrors] = useState<Partial<Record<Section, string>>>({});
  const [notices, setNotices] = useState<Partial<Record<Section, string>>>({});

  const [cadres, setCadres] = useState<PersonView[]>([]);
  const [backupInput, setBackupInput] = useState('');
  const [awayFrom, setAwayFrom] = useState('');
  const [awayTo, setAwayTo] = useState('');
  const [ttl, setTtl] = useState('72');
  const [created, setCreated] = useState<InviteView | null>(null);
  const [invites, setInvites] = useState<InviteView[]>([]);

  const fail = (s: Section, msg: string) => setErrors((x) => ({ ...x, [s]: msg }));
  const note = (s: Section, msg: string) => setNotices((x) => ({ ...x, [s]: msg }));
  const clear = (s: Section) => {
    setErrors((x) => ({ ...x, [s]: '' }));
    setNotices((x) => ({ ...x, [s]: '' }));
  };

  function fill(p: PersonView) {
    setPerson(p);
    adminStore.people.set(p.id, p);
    setName(p.name);
    setPhone(p.phone);
    setWorkUnit(p.workUnit);
    setTitle(p.title);
    setGridId(p.gridId);
    setRoles(p.roles.map((g) => ({ ...g })));
    setNodeInput(p.gridId || paramGrid);
    setNodeTouched(false);
    setBackupInput(p.backupId ?? '');
    setAwayFrom(dateOnly(p.away?.from));
    setAwayTo(dateOnly(p.away?.to));
  }

  async function loadExtras(p: PersonView) {
    const grid = p.gridId || paramGrid;
    const [inv, cad] = await Promise.all([
      call('admin.invite.list', { personId: p.id }).catch((e) => {
        fail('invite', errorText(e));
        return null;
      }),
      grid ? call('admin.people.list', { nodeId: grid, role: 'cadre' }).catch(() => null) : Promise.resolve(null),
    ]);
    if (inv) setInvites(inv.invites);
    if (cad) setCadres(cad.people.filter((c) => c.id !== p.id));
  }

  useLoad(() => {
    void whenAdmin(async () => {
      if (!paramId) return;
      try {
        const p = await findPerson(paramId, paramGrid);
        if (!p) throw new Error('找不到这个人员，可能已被删除或不在您的管理范围');
        fill(p);
        void loadExtras(p);
      } catch (e) {
        setLoadError(errorText(e));
      } finally {
        setLoading(false);
      }
    });
  });

  function changeGrid(value: string) {
    setGridId(value);
    if (!nodeTouched) setNodeInput(value);
  }

  function toggleRole(role: AdminRole) {
    touch('roles');
    if (roles.some((g) => g.role === role)) {
      setRoles(roles.filter((g) => g.role !== role));
      return;
    }
    const nodeId = nodeInput.trim() || gridId.trim();
    if (!nodeId) {
      setFields((f) => ({ ...f, roles: '请先填写角色所属的组织编号' }));
      return;
    }
    setRoles([...roles, { role, nodeId, ...(role === 'gridWorker' ? { workerType: 'fullTime' as const } : {}) }]);
  }

  function setWorkerType(i: number, workerType: 'fullTime' | 'partTime') {
    setRoles(roles.map((g, j) => (j === i ? { ...g, workerType } : g)));
  }

  async function save() {
    if (busy) return;
    clear('save');
    const input = { ...(person ? { id: person.id } : {}), name, phone, workUnit, title, gridId, roles, ...(reason.trim() ? { reason: reason.trim() } : {}) };
    const checked = parse(PersonSaveInput, input);
    if (!checked.ok) {
      setFields(checked.fields);
      fail('save', checked.message);
      return;
    }
    setFields({});
    setBusy('save');
    try {
      const saved = await call('admin.people.save', checked.value);
      const isNew = !person;
      fill(saved);
      setReason('');
      note('save', isNew ? `已新增人员 ${saved.name}（编号 ${saved.id}）` : '已保存');
      if (isNew) void loadExtras(saved);
    } catch (e) {
      fail('save', errorText(e));
      setFields(errorFields(e));
    } finally {
      setBusy('');
    }
  }

  async function saveBackup(backupId: string | null) {
    if (busy || !person) return;
    clear('backup');
    const checked = parse(SetBackupInput, { personId: person.id, backupId });
    if (!checked.ok) return fail('backup', checked.message);
    if (backupId && backupId === person.id) return fail('backup', '不能把自己设为B角');
    setBusy('backup');
    try {
      const p = await call('admin.people.setBackup', checked.value);
      fill(p);
      note('backup', p.backupId ? `B角已设为 ${p.backupName ?? p.backupId}` : '已清除B角');
    } catch (e) {
      fail('backup', errorText(e));
    } finally {
      setBusy('');
    }
  }

  async function saveAway(clearIt: boolean) {
    if (busy || !person) return;
    clear('away');
    const away = clearIt ? null : { from: awayFrom.trim(), to: awayTo.trim() };
    const checked = parse(SetAwayInput, { personId: person.id, away });
    if (!checked.ok) return fail('away', checked.message);
    if (away && away.from > away.to) return fail('away', '结束日期不能早于开始日期');
    setBusy('away');
    try {
      const p = await call('admin.people.setAway', checked.value);
      fill(p);
      note('away', p.away ? `已登记外出 ${dateOnly(p.away.from)} 至 ${dateOnly(p.away.to)}，期间事项交给B角` : '已清除外出');
    } catch (e) {
      fail('away', errorText(e));
    } finally {
      setBusy('');
    }
  }

  async function createInvite() {
    if (busy || !person) return;
    clear('invite');
    setBusy('invite');
    try {
      const inv = await call('admin.invite.create', { personId: person.id, ttlHours: Number(ttl) });
      setCreated(inv);
      setInvites((list) => [inv, ...list.filter((x) => x.code !== inv.code)]);
    } catch (e) {
      fail('invite', errorText(e));
    } finally {
      setBusy('');
    }
  }

  async function revoke(code: string) {
    if (busy) return;
    const r = await Taro.showModal({ title: '撤销邀请', content: `撤销后邀请码 ${code} 将不能再使用。`, confirmText: '撤销', confirmColor: '#c8161d' });
    if (!r.confirm) return;
    clear('invite');
    setBusy('revoke');
    try {
      const inv = await call('admin.invite.revoke', { code });
      setInvites((list) => list.map((x) => (x.code === code ? inv : x)));
      if (created?.code === code) setCreated(inv);
      note('invite', `已撤销邀请码 ${code}`);
    } catch (e) {
      fail('invite', errorText(e));
    } finally {
      setBusy('');
    }
  }

  async function copyLink(url: string) {
    try {
      // The platform shows its own "copied" toast.
      await Taro.setClipboardData({ data: url });
    } catch {
      fail('invite', '复制失败，请长按链接手动复制');
    }
  }

  async function reissue() {
    if (busy || !person) return;
    const r = await Taro.showModal({ title: '重新制卡', content: '旧卡将失效，扫码会提示已更换', confirmText: '重新制卡', confirmColor: '#c8161d' });
    if (!r.confirm) return;
    clear('card');
    setBusy('card');
    try {
      const res = await call('admin.card.reissue', { personId: person.id });
      const p = { ...person, cardCode: res.cardCode };
      setPerson(p);
      adminStore.people.set(p.id, p);
      note('card', `新卡编号 ${res.cardCode}${res.previous ? `，旧卡 ${res.previous} 已失效` : ''}。请重新打印联系卡。`);
    } catch (e) {
      fail('card', errorText(e));
    } finally {
      setBusy('');
    }
  }

  const touch = staleErrorClearer(fields, setFields, errors.save ?? '', (m) => fail('save', m));
  const roleOn = (r: AdminRole) => roles.some((g) => g.role === r);
  const backupOptions = cadres.map((c) => ({ value: c.id, label: `${c.name}${isAway(c.away) ? '（外出）' : ''}` }));

  const Notice = ({ s }: { s: Section }) =>
    notices[s] ? (
      <View className={`success-box notice-${s}`}>
        <Text>{notices[s]}</Text>
      </View>
    ) : null;

  return (
    <AdminGate>
      {() =>
        loading ? (
          <View className='page'>
            <Text className='loading'>加载中…</Text>
          </View>
        ) : loadError ? (
          <View className='page'>
            <ErrorBox message={loadError} />
            <View className='btn btn-plain' onClick={() => Taro.navigateBack()}>
              <Text>返回</Text>
            </View>
          </View>
        ) : (
          <View className='page admin-person'>
            {person && (
              <View className='card person-head'>
                <Text className='admin-head__title'>{person.name}</Text>
                <Text className='admin-head__meta'>编号 {person.id}</Text>
                <View className='person-head__badges'>
                  {person.bound ? <Text className='badge badge--green'>已绑定微信</Text> : <Text className='badge badge--grey'>未绑定</Text>}
                  {isAway(person.away) && <Text className='badge badge--orange'>外出</Text>}
                  {person.roleLabels.map((l) => (
                    <Text key={l} className='badge badge--red'>
                      {l}
                    </Text>
                  ))}
                </View>
              </View>
            )}

            <View className='card person-form'>
              <Text className='section-title'>{person ? '基本信息' : '新增人员'}</Text>
              <Field label='姓名' error={fieldError(fields, 'name')} name='name'>
                <Input className='input person-name-input' value={name} maxlength={10} placeholder='姓名' onInput={(e) => { touch('name'); setName(e.detail.value); }} />
              </Field>
              <Field label='手机号' error={fieldError(fields, 'phone')} name='phone'>
                <Input
                  className='input person-phone-input'
                  type='number'
                  value={phone}
                  maxlength={11}
                  placeholder='11 位手机号'
                  onInput={(e) => { touch('phone'); setPhone(e.detail.value); }}
                />
              </Field>
              <Field label='工作单位' error={fieldError(fields, 'workUnit')} name='workUnit'>
                <Input className='input person-unit-input' value={workUnit} maxlength={40} placeholder='如：蛟河市民政局' onInput={(e) => { touch('workUnit'); setWorkUnit(e.detail.value); }} />
              </Field>
              <Field label='职务' error={fieldError(fields, 'title')} name='title'>
                <Input className='input person-title-input' value={title} maxlength={20} placeholder='如：科员' onInput={(e) => { touch('title'); setTitle(e.detail.value); }} />
              </Field>
              <Field label='所属网格编号' error={fieldError(fields, 'gridId')} name='gridId'>
                <Input className='input person-grid-input' value={gridId} maxlength={48} placeholder='如：JH01-01-02' onInput={(e) => { touch('gridId'); changeGrid(e.detail.value); }} />
              </Field>

              <Field label='角色' error={fieldError(fields, 'roles')} name='roles'>
                <Text className='hint person-role-hint'>新角色所属组织编号（默认所属网格）：</Text>
                <Input
                  className='input person-role-node-input'
                  value={nodeInput}
                  maxlength={48}
                  placeholder='组织编号'
                  onInput={(e) => {
                    setNodeTouched(true);
                    setNodeInput(e.detail.value);
                  }}
                />
                <Text className='hint'>点选角色即添加，再点一次移除：</Text>
                <View className='chips'>
                  {ROLE_OPTIONS.map((o) => (
                    <View
                      key={o.value}
                      className={`chip person-role-chip ${roleOn(o.value) ? 'chip--active' : ''}`}
                      data-value={o.value}
                      aria-selected={roleOn(o.value)}
                      onClick={() => toggleRole(o.value)}
                    >
                      <Text>{roleOn(o.value) ? `✓ ${o.label}` : o.label}</Text>
                    </View>
                  ))}
                </View>
                <View className='person-grants'>
                  {roles.map((g, i) => (
                    <View key={`${g.role}-${g.nodeId}-${i}`} className='person-grant-row' data-role={g.role}>
                      <View className='person-grant-row__main'>
                        <Text className='person-grant-row__role'>{roleLabel(g.role)}</Text>
                        <Text className='person-grant-row__node'>{g.nodeId}</Text>
                        {g.role === 'gridWorker' && (
                          <Chips
                            options={WORKER_TYPE_OPTIONS}
                            value={g.workerType ?? 'fullTime'}
                            onChange={(w) => setWorkerType(i, w)}
                            chipClass='person-worker-chip'
                          />
                        )}
                        <FieldError message={fieldError(fields, `roles.${i}`)} />
                      </View>
                      <Text className='btn-sm btn-sm--danger person-grant-remove' onClick={() => setRoles(roles.filter((_, j) => j !== i))}>
                        移除
                      </Text>
                    </View>
                  ))}
                  {roles.length === 0 && <Text className='muted'>尚未选择角色</Text>}
                </View>
              </Field>

              {person && (
                // Role changes are audited (audit.list); the reason goes with the entry.
                <Field label='角色变更原因（选填，记入审计日志）' error={fieldError(fields, 'reason')} name='reason'>
                  <Input className='input person-reason' value={reason} maxlength={100} placeholder='如：换届调整、岗位调动' onInput={(e) => setReason(e.detail.value)} />
                </Field>
              )}
              <ErrorBox message={errors.save} />
              <Notice s='save' />
              <View className={`btn btn-primary person-save-btn ${busy ? 'btn--disabled' : ''}`} onClick={() => void save()}>
                <Text>{busy === 'save' ? '正在保存…' : person ? '保存' : '新增人员'}</Text>
              </View>
            </View>

            {person && (
              <>
                <View className='card person-backup'>
                  <Text className='section-title'>B角（AB岗）</Text>
                  <Text className='person-current backup-current'>
                    当前B角：{person.backupId ? `${person.backupName ?? ''}（${person.backupId}）` : '未设置'}
                  </Text>
                  <Text className='hint'>本人外出时，事项自动交给B角办理。可从本网格干部中选择，或输入人员编号。</Text>
                  {backupOptions.length > 0 && <Chips options={backupOptions} value={backupInput} onChange={setBackupInput} chipClass='backup-chip' />}
                  <Input
                    className='input backup-id-input'
                    value={backupInput}
                    maxlength={48}
                    placeholder='B角人员编号'
                    onInput={(e) => setBackupInput(e.detail.value)}
                  />
                  <ErrorBox message={errors.backup} />
                  <Notice s='backup' />
                  <View className='btn-row'>
                    <View className={`btn btn-primary backup-save-btn ${busy ? 'btn--disabled' : ''}`} onClick={() => void saveBackup(backupInput.trim() || null)}>
                      <Text>{busy === 'backup' ? '正在保存…' : '设为B角'}</Text>
                    </View>
                    <View className={`btn btn-plain backup-clear-btn ${busy ? 'btn--disabled' : ''}`} onClick={() => void saveBackup(null)}>
                      <Text>清除B角</Text>
                    </View>
                  </View>
                </View>

                <View className='card person-away'>
                  <Text className='section-title'>外出登记</Text>
                  <Text className='person-current away-current'>
                    {person.away ? `外出：${dateOnly(person.away.from)} 至 ${dateOnly(person.away.to)}` : '当前未登记外出'}
                  </Text>
                  <View className='away-dates'>
                    <Field label='开始日期'>
                      <Input className='input away-from-input' value={awayFrom} maxlength={10} placeholder='2026-01-31' onInput={(e) => setAwayFrom(e.detail.value)} />
                    </Field>
                    <Field label='结束日期'>
                      <Input className='input away-to-input' value={awayTo} maxlength={10} placeholder='2026-02-07' onInput={(e) => setAwayTo(e.detail.value)} />
                    </Field>
                  </View>
                  <ErrorBox message={errors.away} />
                  <Notice s='away' />
                  <View className='btn-row'>
                    <View className={`btn btn-primary away-save-btn ${busy ? 'btn--disabled' : ''}`} onClick={() => void saveAway(false)}>
                      <Text>{busy === 'away' ? '正在保存…' : '登记外出'}</Text>
                    </View>
                    <View className={`btn btn-plain away-clear-btn ${busy ? 'btn--disabled' : ''}`} onClick={() => void saveAway(true)}>
                      <Text>清除</Text>
                    </View>
                  </View>
                </View>

                <View className='card person-invite'>
                  <Text className='section-title'>邀请绑定微信</Text>
                  <Text className='hint'>
                    {person.bound ? '该人员已绑定微信。重新邀请后，用新的微信确认即改为绑定新微信。' : '生成邀请码发给本人，本人用微信扫码或打开链接后确认，即完成绑定。'}
                  </Text>
                  <Text className='field__label invite-ttl-label'>有效期</Text>
                  <Chips options={TTL_OPTIONS} value={ttl} onChange={setTtl} chipClass='invite-ttl-chip' />
                  <View className={`btn btn-primary invite-create-btn ${busy ? 'btn--disabled' : ''}`} onClick={() => void createInvite()}>
                    <Text>{busy === 'invite' ? '正在生成…' : '生成邀请码'}</Text>
                  </View>
                  <ErrorBox message={errors.invite} />
                  <Notice s='invite' />

                  {created && (
                    <View className='invite-box'>
                      <Text className='invite-box__label'>邀请码</Text>
                      <Text className='invite-code'>{created.code}</Text>
                      <Text className={`badge ${INVITE_BADGE[created.status]} invite-box__status`}>{INVITE_STATUS_LABEL[created.status]}</Text>
                      {created.qrUrl && <Image
                          className='invite-qr'
                          src={fileUrl(created.qrUrl)}
                          mode='scaleToFill'
                          showMenuByLongpress
                          onClick={() => void Taro.previewImage({ urls: [fileUrl(created.qrUrl)] }).catch(() => undefined)}
                        />}
                      <Text className='invite-link' userSelect>
                        {openableLink(created.url)}
                      </Text>
                      <Text className='btn-sm btn-sm--ghost invite-copy-btn' onClick={() => void copyLink(openableLink(created.url))}>
                        复制链接
                      </Text>
                      <Text className='invite-box__expiry'>有效期至 {fmtTime(created.expiresAt, 'YYYY-MM-DD HH:mm')}</Text>
                    </View>
                  )}

                  {invites.length > 0 && (
                    <View className='invite-list'>
                      <Text className='field__label'>已发出的邀请</Text>
                      {invites.map((inv) => (
                        <View key={inv.code} className='row invite-row' data-code={inv.code} data-status={inv.status}>
                          <View className='row__main'>
                            <Text className='row__title invite-row__code'>{inv.code}</Text>
                            <View>
                              <Text className={`badge ${INVITE_BADGE[inv.status]} invite-status invite-status-${inv.status}`}>{INVITE_STATUS_LABEL[inv.status]}</Text>
                              <Text className='row__inline'>至 {fmtTime(inv.expiresAt, 'YYYY-MM-DD HH:mm')}</Text>
                            </View>
                          </View>
                          {inv.status === 'open' && (
                            <Text className='btn-sm btn-sm--danger invite-revoke-btn' onClick={() => void revoke(inv.code)}>
                              撤销
                            </Text>
                          )}
                        </View>
                      ))}
                    </View>
                  )}
                </View>

                <View className='card person-card'>
                  <Text className='section-title'>联系卡</Text>
                  <Text className='person-current'>
                    当前卡号：<Text className='card-code'>{person.cardCode ?? '尚未制卡'}</Text>
                  </Text>
                  <Text className='hint'>卡片遗失或人员更换时重新制卡。旧卡将失效，居民扫旧卡会看到已更换的提示。</Text>
                  <ErrorBox message={errors.card} />
                  <Notice s='card' />
                  <View className={`btn btn-ghost card-reissue-btn ${busy ? 'btn--disabled' : ''}`} onClick={() => void reissue()}>
                    <Text>{busy === 'card' ? '正在制卡…' : person.cardCode ? '重新制卡' : '制卡'}</Text>
                  </View>
                  {person.gridId && (
                    <View
                      className='btn btn-plain person-print-card'
                      onClick={() => Taro.navigateTo({ url: `/packages/admin/cards/index?gridId=${encodeURIComponent(person.gridId)}` })}
                    >
                      <Text>打印本网格联系卡</Text>
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

export default observer(PersonPage);
