import { View, Text } from '@tarojs/components';
import { useSaidByField } from '../Form/scope';
import './index.css';

/**
 * A visible error area; toasts vanish before older users can read them. A message that a field of
 * the same form (or page) already shows under itself is not said again here.
 */
export default function ErrorBox({ message }: { message?: string | null }) {
  const said = useSaidByField(message);
  if (!message || said) return null;
  return (
    <View className='error-box' role='alert'>
      <Text>{message}</Text>
    </View>
  );
}
