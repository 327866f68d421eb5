import { useState } from 'react';
import { useLoad, useRouter } from '@tarojs/taro';
import { View, Text, Input } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import type { DepartmentView } from '../../../core/api/adminContract';
import { DepartmentSaveInput } from '../../../core/adminSchemas';
import { call } from '../../../services/api';
import ErrorBox from '../../../components/ErrorBox';
import Empty from '../../../components/Empty';
import Chips from '../../../components/Chips';
import { fieldError, readParam } from '../../../components/lib';
import { useLatestLoad } from '../../../components/useLatestLoad';
import { useSubmit } from '../../../components/useSubmit';
import AdminGate, { whenAdmin } from '../components/AdminGate';
import Field from '../components/Field';
import { staleErrorClearer } from '../components/forms';
import { adminStore } from '../components/store';
import '../components/admin.css';

type Kind = (typeof DepartmentSaveInput.entries.kind.options)[number];
const KIND_OPTIONS = DepartmentSaveInput.entries.kind.options.map((k) => ({ value: k, label: k }));

function DepartmentsPage() {
  const paramNode = readParam(useRouter().params.nodeId);
  const [nodeId, setNodeId] = useState(paramNode);
  const [list, setList] = useState<DepartmentView[]>([]);
  const [loaded, setLoaded] = useState(false);
  const { loading, error, setError, run } = useLatestLoad();

  const [editing, setEditing] = useState<DepartmentView | null>(null);
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Kind | ''>('');
  const [scopeNodeId, setScopeNodeId] = useState('');
  const [phone, setPhone] = useState('');
  const form = useSubmit();
  const { fields, setFields, error: formError, setError: setFormError } = form;
  const saving = !!form.busy;
  const [notice, setNotice] = useState('');

  function reset(node: string) {
    setEditing(null);
    setId(node ? `${node}-` : '');
    setName('');
    setKind('');
    setScopeNodeId(node);
    setPhone('');
    setFields({});
    setFormError('');
  }

  const load = (node: string) =>
    run(
      () => call('admin.departments.list', { nodeId: node }),
      (res) => {
        setList(res.departments);
        setLoaded(true);
      },
    );

  useLoad(() => {
    void whenAdmin(async () => {
      let node = paramNode;
      if (!node) {
        const roots = await adminStore.loadScope();
        node = roots[0]?.id ?? '';
        setNodeId(node);
      }
      if (!node) return setError(adminStore.error || '尚未给您分配管理范围');
      reset(node);
      await load(node);
    });
  });

  function edit(d: DepartmentView) {
    setEditing(d);
    setId(d.id);
    setName(d.name);
    setKind(KIND_OPTIONS.some((o) => o.value === d.kind) ? (d.kind as Kind) : '其他');
    setScopeNodeId(d.scopeNodeId);
    setPhone(d.phone ?? '');
    setFields({});
    setFormError('');
    setNotice('');
  }

  async function save() {
    setNotice('');
    const input = { id, name, kind, scopeNodeId, ...(phone.trim() ? { phone } : {}) };
    const d = await form.submit(DepartmentSaveInput, input, (value) => call('admin.departments.save', value));
    if (!d) return;
    setNotice(editing ? `已保存「${d.name}」` : `已添加「${d.name}」`);
    reset(nodeId);
    await load(nodeId);
  }

  const touch = staleErrorClearer(fields, setFields, formError, setFormError);

  return (
    <AdminGate>
      {() => (
        <View className='page admin-departments'>
          {adminStore.roots.length > 1 && (
            <Chips
              options={adminStore.roots.map((r) => ({ value: r.id, label: r.name }))}
              value={nodeId}
              onChange={(n) => {
                setNodeId(n);
                reset(n);
                void load(n);
              }}
              chipClass='dept-root-chip'
            />
          )}
          <ErrorBox message={error} />
          {loading && !loaded && <Text className='loading'>加载中…</Text>}
          {loaded && list.length === 0 ? (
            <Empty text='还没有登记职能部门' />
          ) : (
            list.length > 0 && (
              <View className='card list-card dept-list'>
                {list.map((d) => (
                  <View key={d.id} className={`row dept-row ${editing?.id === d.id ? 'row--on' : ''}`} data-id={d.id} onClick={() => edit(d)}>
                    <View className='row__main'>
                      <Text className='row__title'>{d.name}</Text>
                      <View>
                        <Text className='badge badge--red'>{d.kind}</Text>
                        <Text className='badge'>{d.id}</Text>
                      </View>
                      <Text className='row__sub'>
                        管理范围 {d.scopeNodeId}
                        {d.phone ? ` · 电话 ${d.phone}` : ''}
                      </Text>
                    </View>
                    <Text className='link'>编辑</Text>
                  </View>
                ))}
              </View>
            )
          )}

          {/* Mounted once the scope is known, so its inputs start with their prefilled values. */}
          {loaded && (
            <View className='card dept-form'>
              <Text className='section-title'>{editing ? `修改「${editing.name}」` : '添加职能部门'}</Text>
              <Field label='部门编号' error={fieldError(fields, 'id')} name='id'>
                <Input
                  className={`input dept-id-input ${editing ? 'input--readonly' : ''}`}
                  value={id}
                  disabled={!!editing}
                  maxlength={48}
                  placeholder={`${nodeId}-CG`}
                  onInput={(e) => { touch('id'); setId(e.detail.value); }}
                />
              </Field>
              <Field label='部门名称' error={fieldError(fields, 'name')} name='name'>
                <Input className='input dept-name-input' value={name} maxlength={40} placeholder='如：蛟河市城市管理局' onInput={(e) => { touch('name'); setName(e.detail.value); }} />
              </Field>
              <Field label='类别' error={fieldError(fields, 'kind')} name='kind'>
                <Chips options={KIND_OPTIONS} value={kind} onChange={(k) => { touch('kind'); setKind(k); }} chipClass='dept-kind-chip' />
              </Field>
              <Field label='管理范围编号（街道或社区）' error={fieldError(fields, 'scopeNodeId')} name='scopeNodeId'>
                <Input className='input dept-scope-input' value={scopeNodeId} maxlength={48} onInput={(e) => { touch('scopeNodeId'); setScopeNodeId(e.detail.value); }} />
              </Field>
              <Field label='联系电话（选填）' error={fieldError(fields, 'phone')} name='phone'>
                <Input className='input dept-phone-input' value={phone} maxlength={13} placeholder='0432-12345678' onInput={(e) => { touch('phone'); setPhone(e.detail.value); }} />
              </Field>
              <ErrorBox message={formError} />
              {notice && (
                <View className='success-box dept-notice'>
                  <Text>{notice}</Text>
                </View>
              )}
              <View className={`btn btn-primary dept-save-btn ${saving ? 'btn--disabled' : ''}`} onClick={() => void save()}>
                <Text>{saving ? '正在保存…' : editing ? '保存修改' : '添加部门'}</Text>
              </View>
              {editing && (
                <View className='btn btn-plain dept-cancel-btn' onClick={() => reset(nodeId)}>
                  <Text>取消修改</Text>
                </View>
              )}
            </View>
          )}
        </View>
      )}
    </AdminGate>
  );
}

export default observer(DepartmentsPage);
