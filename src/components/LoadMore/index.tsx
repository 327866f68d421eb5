import { Text } from '@tarojs/components';

/** The foot of a paged list: 加载中… while a page loads, else 加载更多 when there is a next page. */
export default function LoadMore({ loading, hasMore, onMore, className = '' }: { loading: boolean; hasMore: boolean; onMore: () => unknown; className?: string }) {
  if (loading) return <Text className='loading'>加载中…</Text>;
  if (!hasMore) return null;
  return (
    <Text className={`load-more ${className}`.trim()} onClick={() => void onMore()}>
      加载更多
    </Text>
  );
}
