import { View, Text } from '@tarojs/components';
import { useSaidByField } from '../Form/scope';
import './index.css';

/** What the box says when a field of the same form already shows the error under itself. */
export const SEE_FIELD_ERRORS = '请按标红的提示修改后再提交';

/**
 * A visible error area; toasts vanish before older users can read them. A message that a field of
 * the same form (or page) already shows under itself is not said again here: the box only points
 * to it, since that field may be scrolled out of sight on a long form.
 */
export default function ErrorBox({ message }: { message?: string | null }) {
  const said = useSaidByField(message);
  if (!message) return null;
  return (
    <View className={`error-box ${said ? 'error-box--pointer' : ''}`} role='alert'>
      <Text>{said ? SEE_FIELD_ERRORS : message}</Text>
    </View>
  );
}
