import { Text, View } from '@tarojs/components';
import ErrorBox from '../ErrorBox';

/** The page body while data loads: a spinner line, or the error with a retry. */
export default function LoadState({ error, onRetry }: { error: string; onRetry: () => void }) {
  return (
    <View className='page'>
      {error ? (
        <>
          <ErrorBox message={error} />
          <View className='btn btn-plain' onClick={onRetry}>
            <Text>重试</Text>
          </View>
        </>
      ) : (
        <Text className='loading'>加载中…</Text>
      )}
    </View>
  );
}
