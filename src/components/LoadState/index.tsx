import { Text, View } from '@tarojs/components';
import DeadEnd from '../DeadEnd';

/**
 * The page body while data loads: a spinner line, or the error with a way out. `final` errors
 * (not found, not allowed) get no 重试: trying again cannot help.
 */
export default function LoadState({ error, onRetry, final }: { error: string; onRetry: () => void; final?: boolean }) {
  return (
    <View className='page'>
      {error ? <DeadEnd message={error} onRetry={final ? undefined : onRetry} className='load-dead-end' /> : <Text className='loading'>加载中…</Text>}
    </View>
  );
}
