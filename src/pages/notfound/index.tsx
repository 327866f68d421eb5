import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { readParam } from '../../components/lib';
import { backOrHome } from '../../components/DeadEnd';

/** Where an unknown path lands (App's usePageNotFound), instead of a blank page. */
export default function NotFoundPage() {
  const path = readParam(useRouter().params.path);
  return (
    <View className='page not-found'>
      <View className='card'>
        <Text className='section-title'>页面不存在</Text>
        <Text className='hint'>您打开的链接有误，或该页面已经下线。{path ? `（${path}）` : ''}</Text>
      </View>
      <View className='btn btn-primary not-found-home' onClick={() => void Taro.reLaunch({ url: '/pages/index/index' })}>
        <Text>返回首页</Text>
      </View>
      {Taro.getCurrentPages().length > 1 ? (
        <View className='btn btn-plain not-found-back' onClick={backOrHome}>
          <Text>返回上一页</Text>
        </View>
      ) : null}
    </View>
  );
}
