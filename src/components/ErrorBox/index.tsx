import { View, Text } from '@tarojs/components';
import './index.css';

/** A visible error area; toasts vanish before older users can read them. */
export default function ErrorBox({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <View className='error-box' role='alert'>
      <Text>{message}</Text>
    </View>
  );
}
