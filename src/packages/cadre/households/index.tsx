import { useState } from 'react';
import { useLoad } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { CadreHouseholdsResult, CadreHouseholdView } from '../../../core/personal/contract';
import { CadreHouseholdsInput } from '../../../core/personal/schemas';
import { call } from '../../../services/api';
import { session } from '../../../stores/session';
import Chips from '../../../components/Chips';
import Empty from '../../../components/Empty';
import ErrorBox from '../../../components/ErrorBox';
import LoadMore from '../../../components/LoadMore';
import { Button, Form, TextInput } from '../../../components/Form';
import { usePagedList, usePagingGestures } from '../../../components/usePagedList';
import { useSubmit } from '../../../components/useSubmit';
import './index.css';

type Kind = 'mine' | 'grid';
type Meta = Omit<CadreHouseholdsResult, 'households' | 'page' | 'hasMore'>;
interface Query {
  scope?: Kind;
  gridId?: string;
  /** Set once the caller said what the tags are for: every page then shows them (and is audited). */
  purpose?: string;
}

/**
 * 包保住户: a 包保干部 sees the households they serve, a 网格长 those of their grid. The sensitive
 * tags (低保, 残疾 …) stay hidden until the person says what they need them for; each page shown
 * with tags is written to the audit log with that purpose (cadre.households).
 */
export default function CadreHouseholdsPage() {
  const [query, setQuery] = useState<Query>({});
  /** The answer's header (scope, grids, tag count); the page number and hasMore live in the list. */
  const [meta, setMeta] = useState<Meta | null>(null);
  const [purpose, setPurpose] = useState('');
  const list = usePagedList<CadreHouseholdView>();
  const rows = list.items;
  const form = useSubmit();

  // The header is set with the rows, from the newest answer only (an older, slower one is dropped).
  const load = (q: Query, page: number) =>
    list.load(
      page,
      async () => {
        const { households, page: _page, hasMore, ...header } = await call('cadre.households', { ...q, page });
        return { items: households, hasMore, header };
      },
      (res) => setMeta(res.header),
    );

  useLoad(() => {
    void session.ensure().then(() => load({}, 0));
  });
  usePagingGestures(list, (page) => load(query, page));

  function choose(next: Query) {
    setQuery(next);
    list.clear();
    void load(next, 0);
  }

  /** The purpose is checked with the server's schema first (its message under the input), then the page reloads with tags. */
  async function showTags() {
    await form.submit(CadreHouseholdsInput, { ...query, purpose }, async (v) => {
      const next = { ...query, purpose: v.purpose };
      setQuery(next);
      list.clear();
      await load(next, 0);
    });
  }

  const gridChips = (meta?.grids ?? []).map((g) => ({ value: `grid:${g.id}`, label: meta!.grids.length > 1 ? g.name : '全网格' }));
  const chipValue = meta ? (meta.scope.kind === 'mine' ? 'mine' : `grid:${meta.scope.gridId}`) : '';
  const chipOptions = [...(meta?.isCadre ? [{ value: 'mine', label: '我包保的' }] : []), ...gridChips];

  return (
    <View className='page cadre-hh'>
      <Text className='hint cadre-hh__intro'>
        {meta?.scope.kind === 'grid' ? `${meta.scope.gridName}的全部住户。` : '您包保的住户。'}
        住户标签属于敏感个人信息，查看须说明用途，每次查看都会记入审计日志。
      </Text>
      {chipOptions.length > 1 && (
        <View className='card'>
          <Chips
            options={chipOptions}
            value={chipValue}
            chipClass='cadre-hh-scope-chip'
            onChange={(v) => choose(v === 'mine' ? { scope: 'mine', purpose: query.purpose } : { scope: 'grid', gridId: v.slice('grid:'.length), purpose: query.purpose })}
          />
        </View>
      )}

      {meta && (
        <View className='card cadre-hh-tags'>
          {meta.tagsShown ? (
            <>
              <Text className='cadre-hh__shown'>已显示标签（用途：{query.purpose}），本次查看已记入审计日志。</Text>
              <Button kind='ghost' size='small' className='cadre-hh-hide' onClick={() => choose({ ...query, purpose: undefined })}>
                隐藏标签
              </Button>
            </>
          ) : (
            <Form {...form.formProps}>
              <Text className='cadre-hh__count'>
                {meta.taggedCount ? `本页有 ${meta.taggedCount} 户登记了敏感标签（低保、残疾等）。` : '本页住户没有敏感标签。'}
              </Text>
              {meta.taggedCount > 0 && (
                <>
                  <TextInput label='查看用途' name='purpose' value={purpose} onChange={setPurpose} maxlength={50} placeholder='如：入户走访、帮扶核对' inputClass='cadre-hh-purpose' />
                  <ErrorBox message={form.error} />
                  <Button className='cadre-hh-show' busy={!!form.busy || list.loading} busyText='正在加载…' onClick={() => void showTags()}>
                    显示标签
                  </Button>
                </>
              )}
            </Form>
          )}
        </View>
      )}

      <ErrorBox message={list.error} />
      {meta && !list.loading && rows.length === 0 && !list.error && <Empty text={meta.scope.kind === 'mine' ? '您还没有包保的住户' : '该网格还没有住户'} />}
      {rows.length > 0 && (
        <View className='card cadre-hh-list'>
          {rows.map((h) => (
            <View key={h.id} className='cadre-hh-row' data-id={h.id}>
              <Text className='cadre-hh-row__label'>{h.label}</Text>
              <Text className='cadre-hh-row__meta'>
                {h.members} 人{h.cadreName ? ` · 包保干部 ${h.cadreName}` : ' · 暂无包保干部'}
              </Text>
              {h.tags && h.tags.length > 0 && (
                <View className='cadre-hh-row__tags'>
                  {h.tags.map((t) => (
                    <Text key={t} className='cadre-hh-tag'>
                      {t}
                    </Text>
                  ))}
                </View>
              )}
            </View>
          ))}
        </View>
      )}
      <LoadMore loading={list.loading} hasMore={list.hasMore} onMore={() => load(query, list.page + 1)} className='cadre-hh-more' />
    </View>
  );
}
