import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { PRIVACY_DECLARATIONS, PRIVACY_POLICY, PRIVACY_POLICY_TITLE, PRIVACY_POLICY_UPDATED } from '../../core/privacy';
import './index.css';

/** 个人信息保护政策: what is collected, why, who sees it, how long, and how to ask for it (src/core/privacy.ts). */
export default function PrivacyPage() {
  return (
    <View className='page privacy'>
      <View className='card'>
        <Text className='privacy__title'>{PRIVACY_POLICY_TITLE}</Text>
        <Text className='muted privacy__updated'>更新日期：{PRIVACY_POLICY_UPDATED}</Text>
      </View>
      {PRIVACY_POLICY.map((s) => (
        <View key={s.title} className='card privacy-section'>
          <Text className='section-title'>{s.title}</Text>
          {s.paragraphs.map((p, i) => (
            <Text key={i} className='privacy__p'>
              {p}
            </Text>
          ))}
        </View>
      ))}
      <View className='card privacy-section'>
        <Text className='section-title'>查阅或删除我的个人信息</Text>
        <Text className='privacy__p'>你可以随时查看我们保存的关于你的信息，并自行删除。</Text>
        <View className='btn btn-primary privacy-mydata-btn' onClick={() => void Taro.navigateTo({ url: '/pages/mydata/index' })}>
          <Text>我的个人信息</Text>
        </View>
      </View>
      <View className='card privacy-section'>
        <Text className='section-title'>八、小程序权限</Text>
        {PRIVACY_DECLARATIONS.map((d) => (
          <Text key={d.info} className='privacy__p'>
            {`${d.info}：${d.purpose}。仅在你操作时申请，可随时在微信“设置—隐私”中关闭。`}
          </Text>
        ))}
      </View>
    </View>
  );
}
