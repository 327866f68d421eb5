import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import type { AuditEntryView } from '../../../core/personal/contract';
import { AUDIT_ACTIONS, AUDIT_ACTION_LABEL, type AuditActionName } from '../../../core/personal/schemas';
import { call } from '../../../services/api';
import ErrorBox from '../../../components/ErrorBox';
import Empty from '../../../components/Empty';
import { ChipPicker, Form } from '../../../components/Form';
import { fmtTime } from '../../../components/lib';
import { usePagedList } from '../../../components/usePagedList';
import AdminGate from '../components/AdminGate';
import { useAdminPagedList } from '../components/useAdminPagedList';
import '../components/admin.css';
import LoadMore from '../../../components/LoadMore';

type Filter = AuditActionName | 'all';
const FILTERS = [{ value: 'all' as Filter, label: '全部' }, ...AUDIT_ACTIONS.map((a) => ({ value: a as Filter, label: AUDIT_ACTION_LABEL[a] }))];

/**
 * 审计日志 (PIPL Art. 28–30): who read household files, exported, changed sensitive tags or roles,
 * when and why, in the admin's subtree (audit.list), newest first.
 */
function AuditPage() {
  const [filter, setFilter] = useState<Filter>('all');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const list = usePagedList<AuditEntryView>();
  const { items, page, hasMore, loading, loaded, error } = list;
  const load = (p: number, f: Filter = filter) =>
    list.load(p, async () => {
      const r = await call('audit.list', { page: p, ...(f === 'all' ? {} : { action: f }) });
      return { items: r.entries, hasMore: r.hasMore };
    });

  useAdminPagedList(list, load);

  return (
    <AdminGate>
      {() => (
        <View className='page audit'>
          <Text className='hint admin-intro'>工作人员查看住户档案、导出表格、修改敏感标签和人员角色，系统都会记录是谁、何时、做了什么以及原因。记录保存 3 年，不能修改或删除。</Text>
          <Form errors={errors} setErrors={setErrors}>
            <ChipPicker
              label='记录类型'
              name='action'
              options={FILTERS}
              value={filter}
              chipClass='audit-filter-chip'
              onChange={(f) => {
                setFilter(f);
                void load(0, f);
              }}
            />
          </Form>
          <ErrorBox message={error} />
          {loaded && items.length === 0 && !error && <Empty text='暂无审计记录' />}
          {items.map((e) => (
            <View key={e.id} className='card audit-row' data-action={e.action}>
              <Text className='section-title'>{e.actionLabel}</Text>
              <Text className='audit-row__who'>
                {e.actorName} · {fmtTime(e.at, 'YYYY-MM-DD HH:mm')}
              </Text>
              <Text className='audit-row__target muted'>对象：{e.target}</Text>
              {e.detail ? <Text className='audit-row__detail'>{e.detail}</Text> : null}
              <Text className='audit-row__reason'>原因：{e.reason || '未填写'}</Text>
            </View>
          ))}
          <LoadMore loading={loading} hasMore={hasMore} onMore={() => load(page + 1)} />
        </View>
      )}
    </AdminGate>
  );
}

export default observer(AuditPage);
