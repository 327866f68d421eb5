import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import ErrorBox from '../ErrorBox';

/** Back one page, or home when this page was opened directly (a link, a scan, a reload). */
export function backOrHome() {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.reLaunch({ url: '/pages/index/index' });
}

/**
 * An error the person cannot fix here: the message, 重试 only when trying again can help, and
 * always a way out (back, home), so no page is a dead end.
 */
export default function DeadEnd({ message, onRetry, className = '' }: { message: string; onRetry?: () => void; className?: string }) {
  const canBack = Taro.getCurrentPages().length > 1;
  return (
    <View className={`dead-end ${className}`}>
      <ErrorBox message={message} />
      {onRetry ? (
        <View className='btn btn-plain dead-end__retry' onClick={onRetry}>
          <Text>重试</Text>
        </View>
      ) : null}
      {canBack ? (
        <View className='btn btn-plain dead-end__back' onClick={backOrHome}>
          <Text>返回上一页</Text>
        </View>
      ) : null}
      <View className='btn btn-ghost dead-end__home' onClick={() => void Taro.reLaunch({ url: '/pages/index/index' })}>
        <Text>返回首页</Text>
      </View>
    </View>
  );
}
